/**
 * The resilience suite (`npm run test:resilience`): abuse, fault and concurrency checks against
 * the local stack. Kept out of `npm test` because it takes minutes; files run one at a time so
 * the faults one file injects (a killed DynamoDB Local, a dead SES endpoint) never reach another,
 * and the figures reporter prints the table at the end.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { FiguresReporter } from './lib/reporter.ts';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'resilience',
    include: ['test/resilience/**/*.test.ts'],
    globalSetup: ['test/resilience/global-setup.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'true' },
    fileParallelism: false,
    // No test is bounded by a time a loaded machine could exceed: each wait inside the suite has
    // a bound of its own (lib/stack.ts), and these only turn a hang into a named failure. The
    // teardown scans every table with the AWS CLI before DynamoDB Local stops (global-setup.ts).
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    teardownTimeout: 10 * 60_000,
    reporters: ['default', new FiguresReporter()],
  },
});
