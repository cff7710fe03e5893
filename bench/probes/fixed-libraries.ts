/**
 * The baseline with every library a JSON function carries whatever its own code: zod/mini,
 * Powertools Logger and Metrics, and middy. No project code: the libraries' floor of a function.
 */
import middy from '@middy/core';
import { handler as bare } from '../baseline-handler.ts';

export { logger } from './logger.ts';
export { metrics } from './metrics.ts';
export { schema } from './zod.ts';
export const handler = middy(bare);
