/**
 * Opaque paging cursors. A cursor names the priority it belongs to and the last update
 * seen; one from another priority, or made up, is refused rather than trusted.
 */
import { BadRequest } from '#shared/domain/errors';
import { isUpdateId } from '#shared/domain/ids';

export function encodeCursor(priorityId: string, lastId: string): string {
  return Buffer.from(JSON.stringify({ p: priorityId, after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string, priorityId: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null) {
      const { p, after } = value as Record<string, unknown>;
      if (p === priorityId && isUpdateId(after)) return after;
    }
  } catch {
    // Falls through to the same answer as any other unusable cursor.
  }
  throw new BadRequest('The cursor is not one this list handed out.', [{ field: 'cursor', message: 'is not valid for this list' }]);
}
