import { defineConfig } from 'vitest/config';

/**
 * No test or hook is bounded by a time a slow machine could exceed: a CDK synth or a local
 * stack's start can take many times longer on a loaded two-core machine than on an idle one.
 * The bound below only turns a hang into a named failure; CI also bounds the whole run.
 */
const hangBound = 10 * 60_000;

export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'true' },
    testTimeout: hangBound,
    hookTimeout: hangBound,
    teardownTimeout: hangBound,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
    ],
  },
});
