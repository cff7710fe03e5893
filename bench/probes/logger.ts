/** The baseline with Powertools Logger, made once at load as shared/logger.ts makes it. */
import { Logger } from '@aws-lambda-powertools/logger';

export { handler } from '../baseline-handler.ts';
export const logger = new Logger({ serviceName: 'probe' });
