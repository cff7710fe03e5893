/**
 * The baseline with every library a JSON function carries whatever its own code: zod,
 * Powertools Logger, Metrics and Tracer, and middy. No project code: the floor of a function.
 */
import middy from '@middy/core';
import { handler as bare } from '../baseline-handler.ts';

export { logger } from './logger.ts';
export { metrics } from './metrics.ts';
export { tracer } from './tracer.ts';
export { schema } from './zod.ts';
export const handler = middy(bare);
