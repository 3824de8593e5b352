/**
 * Defaults of the run settings, apart from the schema and parsers that check them, so that what
 * --help prints can load without them (start-up).
 */
export const RUN_DEFAULTS = {
  runtime: 'node-wasm,chrome-wasm',
  loadRuns: 20,
  loadTemperature: 'cold',
  maxLoadRuns: 100,
  warmup: 'auto',
  confidence: 0.95,
  inconclusive: 'fail',
  iterations: 300,
  baselineRepeat: 10,
  minTimeMs: 1000,
  maxTimeMs: 60_000,
  timeoutMs: 120_000,
  retainedCycles: 0,
  threads: '1',
  seed: 1,
  // float32 carries ~7 significant digits; different kernels (SIMD widths, summation order, fused
  // ops) legitimately move the last few, so agreement is judged at ~1e-4 absolute / 1e-3 relative.
  atol: 1e-4,
  rtol: 1e-3,
  parity: 'warn',
  reporter: 'table,json,junit',
  out: 'reports',
} as const;

/**
 * The cycles the docs and messages suggest: 11 readings, whose 95 % interval cuts 15 of the 55
 * pairwise slopes from each end, a fraction of a second on small models.
 */
export const SUGGESTED_RETAINED_CYCLES = 10;

/** Most retained-memory cycles a run takes (the exact slope interval's cost grows with the cube). */
export const MAX_RETAINED_CYCLES = 200;

/** Job label of a pushed metrics group when --push-job is not given. */
export const DEFAULT_PUSH_JOB = 'wasm-torch-bench';
