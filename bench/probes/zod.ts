/** The baseline with zod/mini, as the functions carry it, holding one object schema as every function holds several. */
import * as z from 'zod/mini';

export { handler } from '../baseline-handler.ts';
export const schema = z.strictObject({
  status: z.enum(['green', 'red']),
  summary: z.string().check(z.minLength(1), z.maxLength(5000)),
  barriers: z._default(z.array(z.string()), []),
});
