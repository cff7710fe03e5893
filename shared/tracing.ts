/**
 * One Powertools Tracer per function process: the shared AWS SDK clients are captured, so each
 * DynamoDB and SES call is an X-Ray subsegment of the function's trace (the functions run with
 * active tracing). Outside Lambda (AWS_EXECUTION_ENV unset: the local stack, tests, operator
 * commands) the Tracer turns itself off, and capturing a client leaves it as it was.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer();
