/** The baseline with zod, holding one object schema as every function holds several. */
import * as z from 'zod';

export { handler } from '../baseline-handler.ts';
export const schema = z.strictObject({ status: z.enum(['green', 'red']), summary: z.string().min(1).max(5000), barriers: z.array(z.string()).default([]) });
