import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/helpers/longest-first-sequencer.js';

/**
 * Three tiers, run in this order (sequence.groupOrder): unit (pure code, and the CLI in-process on
 * the simulated runtime: test/helpers/run-main.ts; files in parallel), integration (real servers
 * and browsers) and e2e (the built bin on real runtimes, and the
 * robustness suite's CI sample). Files that measure never share the two cores with each other, so
 * integration and e2e run one file at a time; e2e-parallel (last) runs two at a time the e2e files
 * that measure nothing (see E2E_PARALLEL). `npm run test:unit` runs the first tier alone.
 */
/**
 * e2e files that measure nothing the machine's load could change, so two may share the cores (after
 * the serial e2e files, never beside them): every timing KPI is RELAXED or its verdict not asserted,
 * inconclusive verdicts are accepted, no hang or timeout is timed (bad-input's --timeout 1ms only
 * gets surer under load; the robustness batches' bounds are minutes, and a worker over their
 * --timeout is a stable error code, which they accept), and none looks for the tool's browsers
 * machine-wide (liveToolBrowsers), which another file's browser would fail. run-models and
 * native-and-parity measure, but only what load cannot change: the timing KPIs RELAXED (run-models'
 * default-model run keeps inference.p99 < 500 ms against a P99 of microseconds), parity, memory.
 * The files whose verdicts rest on timings (baseline), that time a hang or an interrupt
 * (fault-isolation, interrupts-and-hygiene, chrome-wasm's --timeout) or look machine-wide
 * (chrome-wasm, profile, interrupts-and-hygiene) stay in 'e2e', one at a time.
 */
const E2E_PARALLEL = [
  'test/e2e/package.test.ts',
  'test/e2e/config.test.ts',
  'test/e2e/runtime-adapter.test.ts',
  'test/e2e/bad-input.test.ts',
  'test/e2e/verdicts.test.ts',
  'test/e2e/hostile-text.test.ts',
  'test/e2e/shard-merge.test.ts',
  'test/e2e/run-models.test.ts',
  'test/e2e/native-and-parity.test.ts',
  // The benchmarks' smoke runs: they print ratios and assert none.
  'test/integration/benches.test.ts',
  // Versions and wiring of the onnxruntime-web a project ships; timing KPIs RELAXED.
  'test/e2e/runtime-versions.test.ts',
  // Paired by design: the planted 30 % slowdowns are caught however busy the machine, and the Chrome
  // case asserts the wiring, not an outcome.
  'test/e2e/ab.test.ts',
  'test/robustness/**/*.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/summary-line-reporter.ts'],
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      // isolate: false — a worker keeps its imported modules from file to file. The unit tier spent
      // 30 s of its 75 importing the same src modules into a fresh context per file (40 s without,
      // the same 1,472 tests passing in three shuffled orders); nothing under src reads process
      // state at import (the CLI takes its world through `io`), so no file can leak into the next.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2, isolate: false, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: E2E_PARALLEL, fileParallelism: false, isolate: false, sequence: { groupOrder: 1 } },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: E2E_PARALLEL, fileParallelism: false, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'e2e-parallel', include: E2E_PARALLEL, maxWorkers: 2, sequence: { groupOrder: 3 } } },
    ],
  },
});
