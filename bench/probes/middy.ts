/** The baseline's handler wrapped by middy, as shared/http/handler.ts wraps the functions'. */
import middy from '@middy/core';
import { handler as bare } from '../baseline-handler.ts';

export const handler = middy(bare);
