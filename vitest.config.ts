import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests, and integration tests against a real Temporal dev server and
// PostgreSQL (one shared server per run, started by test/global-setup.ts). Forks, not threads: the
// Temporal worker loads a native module that breaks under worker threads.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', 'dist/**', '.data/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', 'dist/**', '.data/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
