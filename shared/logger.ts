/** One Powertools logger per function process: JSON lines with the request id or stream sequence number. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'recovery-progress' });
