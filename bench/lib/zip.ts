/**
 * The zip a function is deployed as, for its size. The CDK CLI zips an asset folder with yazl:
 * every file (no folder entries), deflated at zlib's default level, streamed, so each entry's
 * sizes and CRC follow its data in a data descriptor, with DOS timestamps and no extra fields.
 * This writes the same layout, so its length is the deployed zip's to within a few bytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);

/**
 * Compressed data by content: a file that several zips hold is deflated once, however many hold
 * it. Deflating is deterministic, so the bytes are the same.
 */
const compressedByContent = new Map<string, Promise<Buffer>>();

function compress(data: Buffer): Promise<Buffer> {
  const key = createHash('sha1').update(data).digest('hex');
  let compressed = compressedByContent.get(key);
  if (!compressed) {
    compressed = deflate(data);
    compressedByContent.set(key, compressed);
  }
  return compressed;
}

export interface ZipEntry {
  name: string;
  bytes: number;
  compressedBytes: number;
}

/** Every file under `directory`, sorted by path, as zip entry names ("govuk-frontend/govuk/assets/…"). */
export function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** 1 January 1980, the CDK's fixed modification time, in DOS form. */
const dosTime = 0;
const dosDate = (0 << 9) | (1 << 5) | 1;

/** Deflates off the main thread (zlib's thread pool), so other work in the process goes on meanwhile. */
export async function zipFiles(files: { name: string; data: Buffer }[]): Promise<{ zip: Buffer; entries: ZipEntry[] }> {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  const entries: ZipEntry[] = [];
  const compressedFiles = await Promise.all(files.map(({ data }) => compress(data)));
  let offset = 0;
  for (const [index, { name, data }] of files.entries()) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = compressedFiles[index]!;
    const crc = crc32(data);
    // Local header: sizes and CRC left zero, flag bit 3 (a data descriptor follows), UTF-8 names (bit 11).
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(dosTime, 10);
    header.writeUInt16LE(dosDate, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressed.length, 8);
    descriptor.writeUInt32LE(data.length, 12);
    local.push(header, nameBytes, compressed, descriptor);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE((3 << 8) | 20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0808, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(dosTime, 12);
    entry.writeUInt16LE(dosDate, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);

    offset += header.length + nameBytes.length + compressed.length + descriptor.length;
    entries.push({ name, bytes: data.length, compressedBytes: compressed.length });
  }
  const centralBytes = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralBytes, 12);
  end.writeUInt32LE(offset, 16);
  return { zip: Buffer.concat([...local, ...central, end]), entries };
}

/** The zip of a folder, as the CDK CLI would upload it. */
export async function zipDirectory(directory: string): Promise<{ zip: Buffer; entries: ZipEntry[] }> {
  const names = filesUnder(directory);
  const files = await Promise.all(names.map(async (name) => ({ name, data: await readFile(join(directory, name)) })));
  return zipFiles(files);
}
