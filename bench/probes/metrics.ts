/** The baseline with Powertools Metrics, made once at load as shared/metrics.ts makes it. */
import { Metrics } from '@aws-lambda-powertools/metrics';

export { handler } from '../baseline-handler.ts';
export const metrics = new Metrics({ namespace: 'Probe' });
