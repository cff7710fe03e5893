/** Checks on what the table holds: stored updates must be whole, valid and where they belong. */
import { type ProgressUpdate, progressUpdateSchema } from '#shared/domain/update';
import { publishedUpdate } from '#shared/http/publish';
import type { Item } from './stack.ts';

const updateFields = new Set([
  'pk',
  'sk',
  'entity',
  'status',
  'period',
  'summary',
  'achievements',
  'nextSteps',
  'barriers',
  'statusRationale',
  'id',
  'priorityId',
  'submittedAt',
  'author',
]);

/** Why a stored update item is not a whole, valid update of its own partition; empty when it is. */
export function updateItemProblems(item: Item): string[] {
  const problems: string[] = [];
  const { pk, sk, entity, ...update } = item;
  if (entity !== 'update') problems.push(`entity is ${String(entity)}`);
  const parsed = progressUpdateSchema.safeParse(update);
  if (!parsed.success) problems.push(`does not re-parse: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const extra = Object.keys(item).filter((name) => !updateFields.has(name));
  if (extra.length > 0) problems.push(`unexpected attributes: ${extra.join(', ')}`);
  if (pk !== `PRIORITY#${String(update.priorityId)}`) problems.push(`pk ${String(pk)} is not its priority's partition`);
  if (sk !== `UPDATE#${String(update.id)}`) problems.push(`sk ${String(sk)} does not match its id`);
  return problems;
}

/** The update as an API client sees it: the item without its keys and entity. */
/** A stored update as the API answers it: no bookkeeping, and its author as anyone may read them. */
export function publicUpdate(item: Item): Item {
  const { pk: _pk, sk: _sk, entity: _entity, ...update } = item;
  return publishedUpdate(update as ProgressUpdate) as unknown as Item;
}

/** An update, or anything claiming to be one: a priority partition's UPDATE# items, and any item of entity update. */
export function isUpdateItem(item: Item): boolean {
  return (
    (typeof item.pk === 'string' && item.pk.startsWith('PRIORITY#') && typeof item.sk === 'string' && item.sk.startsWith('UPDATE#')) || item.entity === 'update'
  );
}

/** Deep equality for plain JSON data, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A short, printable description of a request or answer for failure messages. */
export function clip(text: string, length = 160): string {
  const printable = JSON.stringify(text);
  return printable.length > length ? `${printable.slice(0, length)}…(${text.length} chars)` : printable;
}
