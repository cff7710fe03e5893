/**
 * The query string of a paged list. Shared by the list-updates function, which parses it, and
 * the OpenAPI description, which documents it, so the two cannot drift apart.
 */
import * as z from 'zod/mini';

export const listUpdatesQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20).check(z.describe('Updates per page, 1 to 100.')),
  cursor: z.optional(z.string()).check(z.describe('The `nextCursor` of the previous page; opaque, and valid only for the same priority.')),
});
