/**
 * The baseline with zod/mini and its English messages, as the functions carry them
 * (shared/domain/errors.ts loads the messages), holding one object schema as every function holds several.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());

export { handler } from '../baseline-handler.ts';
export const schema = z.strictObject({
  status: z.enum(['green', 'red']),
  summary: z.string().check(z.minLength(1), z.maxLength(5000)),
  barriers: z._default(z.array(z.string()), []),
});
