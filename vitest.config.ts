import { defineConfig } from 'vitest/config';

/**
 * Three tiers, run in this order (sequence.groupOrder): unit (pure code, and the CLI in-process on
 * the simulated runtime: test/helpers/run-main.ts; files in parallel), integration (real servers
 * and browsers, the benches on real runtimes) and e2e (the built bin on real runtimes, and the
 * robustness suite's CI sample). Files that measure never share the two cores with each other, so
 * integration and e2e run one file at a time. `npm run test:unit` runs the first tier alone.
 */
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/summary-line-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/robustness/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
