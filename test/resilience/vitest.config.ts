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
    // Each bound is well inside the suite's ten-minute budget; no test waits without one.
    testTimeout: 120_000,
    hookTimeout: 90_000,
    // The teardown scans every table with the AWS CLI before DynamoDB Local stops (global-setup.ts).
    teardownTimeout: 10 * 60_000,
    reporters: ['default', new FiguresReporter()],
  },
});
