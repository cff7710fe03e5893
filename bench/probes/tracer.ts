/** The baseline with Powertools Tracer capturing its DynamoDB client, as shared/data/client.ts captures the functions'. */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { client } from '../baseline-handler.ts';

export { handler } from '../baseline-handler.ts';
export const tracer = new Tracer();
tracer.captureAWSv3Client(client);
