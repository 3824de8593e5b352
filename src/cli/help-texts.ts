/**
 * The help texts beyond commander's flag lists: examples and what each command does. Kept apart
 * from the commands so that --help loads nothing that measures.
 */
import { RUN_DEFAULTS } from '../config/run-defaults.js';
import { WARMUP_RUNS } from '../harness/profile-job.js';
import { METRICS } from '../metrics.js';
import { PROFILE_FILE } from './profile-defaults.js';

export const RUN_EXAMPLES = `
Examples:
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx
  $ wasm-torch-bench                                    # every model of the config file (wasm-torch-bench init writes one)
  $ wasm-torch-bench --config ci/bench.json --tag smoke
  $ WTB_LOAD_RUNS=5 wasm-torch-bench --print-config     # the merged settings and where each came from
  $ wasm-torch-bench model.onnx --runtime chrome-wasm --threads 2 --browser-path /usr/bin/chromium
  $ wasm-torch-bench model.onnx --runtime all --threads 1,2 --parity error
  $ wasm-torch-bench model.onnx --input-shape input=1,3,224,224 --kpi inference.p99=50ms
  $ wasm-torch-bench silero_vad.onnx --input-shape input=1,512 --input-shape state=2,1,128 --input-value sr=16000
  $ wasm-torch-bench text-encoder.onnx --dim batch=1 --dim sequence=128   # a named dim in every input
  $ wasm-torch-bench a.onnx b.onnx --load-runs 5 --min-time 2s --max-time 30s --out ci-reports
  $ wasm-torch-bench model.onnx --kpi memory.peak=64MiB --kpi-level load.p95=warn --json > report.json
  $ wasm-torch-bench --runtime-adapter examples/dense-wasm/adapter.mjs examples/dense-wasm/dense-256x128.dwm

Config (wasm-torch-bench.config.json, .wasmtorchbenchrc.json or "wasm-torch-bench" in package.json,
found from the working folder up; --config or WTB_CONFIG to name one):
  flags > WTB_* environment variables (WTB_LOAD_RUNS, WTB_KPI, …: one per flag) > config file > defaults.
  Models there may set their own inputs (shape, dtype, value, range, normal, file), variants, runtimes,
  threads, kpis, timeout and tags. Schema: schema/config.schema.json in the package.

Verdicts (every KPI is an upper bound; defaults from the monitoring framework):
  pass when the confidence interval is wholly below the threshold, fail when wholly at or above,
  inconclusive when it straddles or there are too few samples. Sampling goes on while a check is
  undecided, judged on anytime-valid intervals (confidence sequences), so a verdict keeps its
  confidence however often it was looked at: P99 needs 430 samples at 95 %, P95 85 loads,
  error.rate < 0.1 % 4,311 clean runs. A fixed count (--max-load-runs = --load-runs,
  --max-time = --min-time) keeps fixed-n intervals: 368, 72 and 3,688.
KPIs:
  load.p95 < 2s   inference.p99 < 500ms   memory.peak < 100MB   error.rate < 0.1%
  gateable metrics: ${METRICS.map((metric) => metric.id).join(', ')}
  units: durations us|µs|ms|s|m · sizes B|kB|MB|GB|KiB|MiB|GiB (MB = 10^6 B, MiB = 2^20 B) · rates % or a fraction

Runtimes:
  node-wasm    onnxruntime-web's WebAssembly backend in Node, each cold load in a fresh process
  chrome-wasm  the same in headless Chrome/Chromium, each cold load in a fresh browser context;
               skipped (with a hint) when no browser is found and --runtime was not given
  node-native  onnxruntime-node's CPU provider (optional dependency): the reference. With it in the
               run, each wasm row gets ratios to it (load P95, inference P50/P99, memory) with
               intervals, e.g. "2.10× [1.9–2.3] slower"
  all          node-wasm, chrome-wasm and node-native
  Chrome is found via --browser-path, WTB_CHROME_PATH, then the usual install paths.
  --runtime-adapter m.mjs runs node-wasm and chrome-wasm on your own WebAssembly runtime instead of
  onnxruntime-web (any model format it reads): the module exports load(bytes, { threads }) → session,
  inputs(session) → [{ name, dtype, shape }], run(session, feeds) → outputs, and optionally name,
  version, init(), outputs(), dispose(). Its folder is served to the page. See examples/dense-wasm.

Output parity (when a model runs on two or more runtimes):
  identical seeded feeds go to every runtime; each row's outputs are compared with the reference
  (node-native, else the first runtime): floats agree when |Δ| ≤ atol + rtol·|reference|
  (defaults 1e-4 and 1e-3, suited to float32), integers, bools and NaN positions must match exactly.
  The parity check is warn-level by default; --parity error makes disagreement fail the run.

Exit codes:
  0 every error-level check passed   1 a check failed (or is inconclusive, under --inconclusive fail)
  2 usage, config or input error      3 the runtime could not run (crash, timeout)
  130/143 interrupted (SIGINT/SIGTERM): the reports of what was measured are written, marked partial
`;

export const COMPARE_EXAMPLES = `
Examples:
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx --runtime node-wasm --save-baseline main.baseline.json   # on main
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx --runtime node-wasm --baseline main.baseline.json        # on a branch: one flag
  $ wasm-torch-bench compare main.baseline.json reports/wasm-torch-bench.json --max-regression 15%
  $ wasm-torch-bench compare old/wasm-torch-bench.json new/wasm-torch-bench.json --max-regression inference.p99=25% --strict

Regression checks (ratio now / baseline, fail only when the whole interval is at or above the allowed ratio):
  regression.load.p50  regression.load.p95 (warn)  regression.inference.p50  regression.inference.p99  regression.memory.peak
  (default: < 1.10×; inference intervals widen to the Hodges–Lehmann/Mann–Whitney interval of the
  --repeat workers' own medians or P99s, ${RUN_DEFAULTS.baselineRepeat} workers with a baseline)
  Intervals: order-statistic intervals of the quantile on both sides, each at 1 − (1 − c)/2, combined (Bonferroni).
`;

export const MERGE_HELP = `
Examples:
  $ wasm-torch-bench --shard 1/2 --out shard-1   # on one machine
  $ wasm-torch-bench --shard 2/2 --out shard-2   # on another
  $ wasm-torch-bench merge shard-1/wasm-torch-bench.json shard-2/wasm-torch-bench.json --out reports

Every shard must come from the same wasm-torch-bench version, plan (models, variants, runtimes,
threads) and settings (sampling, KPIs, thresholds, baseline, confidence); every shard 1..n must be
there, once. Otherwise exit 2, naming the files and what differs. One whole-run report (no --shard)
is accepted alone. Rows come out in the order one unsharded run would have measured them; the
verdict and exit code are judged over all rows, as one run judges them. The environment is the
first shard's; each shard's own is kept under "shards".
`;

export const PROFILE_HELP = `
Examples:
  $ wasm-torch-bench profile fixtures/models/tiny-mlp.onnx
  $ wasm-torch-bench profile silero_vad.onnx --input-shape input=1,512 --input-shape state=2,1,128 --input-value sr=16000 --runtime all
  $ wasm-torch-bench profile model.onnx --runtime chrome-wasm --runs 50 --top 30 --out profiles

Writes into --out: ${PROFILE_FILE} (the document), <runtime>.ort-profile.json (onnxruntime's trace:
open in chrome://tracing, DevTools' Performance panel or ui.perfetto.dev), chrome-wasm.trace.json
(the browser's own trace) and node-wasm.cpuprofile (the Node worker's CPU profile, for DevTools).
Operator times come from runs after ${WARMUP_RUNS} warm-up runs; shares are of kernel self time.
`;

export const AB_HELP = `
A side is a model file, or git:<ref>:<path>: the file as it is at that commit of the repository
around the working folder (<path> from the repository's root, or from here when it starts with ./).
Both sides get the same inputs. Cold loads alternate A and B in ABBA/BAAB blocks of fresh workers;
inference alternates 150 ms chunks of two warm workers. Each block gives one ratio B/A per metric;
blocks are added until every error-level check decides or --max-time runs out (per runtime; cold
loads get half). Per metric: slower, faster, same (the anytime-valid interval of B/A lies within
±--max-regression, default 5 % here) or unsure (--inconclusive decides its exit code).

Examples:
  $ wasm-torch-bench ab main.onnx candidate.onnx --runtime node-wasm
  $ wasm-torch-bench ab git:origin/main:models/model.onnx models/model.onnx   # a pull request's job
  $ wasm-torch-bench ab a.onnx b.onnx --max-regression 2% --max-time 5m --reporter table,json,markdown
  $ wasm-torch-bench ab model.onnx model.onnx --b threads=2       # one model, B run another way

Exit codes: 0 no gated metric slower, 1 one is slower (or unsure under --inconclusive fail),
2 bad input (a side missing or unreadable, sides with other inputs), 3 a side could not run.
`;
