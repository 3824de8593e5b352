import { defineConfig } from 'vitest/config';

/** `npm run test:robustness`: the full robustness suite, one long test printing its summary. */
export default defineConfig({
  test: {
    include: ['test/robustness/**/*.robustness.ts'],
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 6 * 3600_000,
    hookTimeout: 120_000,
  },
});
