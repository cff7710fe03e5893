/**
 * The query string of a paged list. Shared by the list-updates function, which parses it, and
 * the OpenAPI description, which documents it, so the two cannot drift apart.
 */
import * as z from 'zod';

export const listUpdatesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Updates per page, 1 to 100.'),
  cursor: z.string().optional().describe('The `nextCursor` of the previous page; opaque, and valid only for the same priority.'),
});
