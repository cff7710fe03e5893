/**
 * The bench's zip writer (bench/lib/zip.ts), which gives each function's deployed size: a zip
 * any reader can open, holding every file once, deflated, with the lengths the layout implies.
 */
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../bench/lib/zip.ts';

/** Reads a zip back through its central directory: each entry's name and inflated data. */
function unzip(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files: { name: string; data: Buffer }[] = [];
  for (let index = 0; index < entries; index += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
    const dataStart = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    files.push({ name, data: inflateRawSync(zip.subarray(dataStart, dataStart + compressed)) });
    at += 46 + nameLength;
  }
  return files;
}

describe('bench zip writer', () => {
  it('writes a zip whose central directory finds every file, deflated and intact', async () => {
    const files = [
      { name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n'.repeat(50)) },
      { name: 'views/page.njk', data: Buffer.from('<p>{{ title }}</p>') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const { zip, entries } = await zipFiles(files);
    expect(unzip(zip)).toEqual(files);
    expect(entries.map((entry) => entry.name)).toEqual(files.map((file) => file.name));
    expect(entries[0]!.compressedBytes).toBeLessThan(entries[0]!.bytes);
  });

  it('is as long as its headers, names, compressed data and data descriptors', async () => {
    const files = [
      { name: 'a', data: Buffer.from('aaaa') },
      { name: 'bb/c', data: Buffer.from('hello') },
    ];
    const { zip, entries } = await zipFiles(files);
    const names = files.reduce((sum, file) => sum + file.name.length, 0);
    const compressed = entries.reduce((sum, entry) => sum + entry.compressedBytes, 0);
    expect(zip.length).toBe(files.length * (30 + 16 + 46) + 2 * names + compressed + 22);
  });
});
