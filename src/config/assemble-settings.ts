/**
 * The layered values → the run-wide settings: defaults for what no layer set (some depend on
 * other settings), the fields made from several settings, and the checks across settings, each
 * written once and applied to the merged result, naming where each value came from.
 */
import { UsageError } from '../errors.js';
import type { RuntimePackageChoice } from '../types.js';
import { DEFAULT_PUSH_JOB, RUN_DEFAULTS, SUGGESTED_RETAINED_CYCLES } from './run-defaults.js';
import { mergeDimSettings } from './dim-expressions.js';
import { applyKpiSettings, refuseUnmeasuredWarmKpis } from './kpi-expressions.js';
import type { KpiSpec } from '../types.js';
import type { LayeredValues } from './layered-values.js';
import { MergedSettings } from './merged-settings.js';
import { applyRegressionSettings } from './regression-expressions.js';
import type { RunSettings } from './run-config-schema.js';
import { example } from './flag-syntax.js';
import { formatConfidence } from '../format.js';
import { minPointsForSlopeInterval } from '../stats/theil-sen.js';
import { pushGatewaySettings, otlpSettings } from './metrics-export-settings.js';

function checkTimes(merged: MergedSettings): { minTimeMs: number; maxTimeMs: number } {
  const minTimeMs = merged.value('minTime');
  // A --min-time above the default maximum raises it.
  const maxTimeMs = merged.given('maxTime') ?? Math.max(RUN_DEFAULTS.maxTimeMs, minTimeMs);
  if (minTimeMs > maxTimeMs) {
    const [min, max] = [merged.label('minTime'), merged.label('maxTime')];
    throw new UsageError(`${min} (${merged.durationText('minTime', minTimeMs)}) exceeds ${max} (${merged.durationText('maxTime', maxTimeMs)}); raise ${max} or lower ${min}`);
  }
  return { minTimeMs, maxTimeMs };
}

function checkLoadRuns(merged: MergedSettings): { loadRuns: number; maxLoadRuns: number } {
  const loadRuns = merged.value('loadRuns');
  // A --load-runs above the default maximum raises it.
  const maxLoadRuns = merged.given('maxLoadRuns') ?? Math.max(RUN_DEFAULTS.maxLoadRuns, loadRuns);
  if (maxLoadRuns < loadRuns) {
    const [load, max] = [merged.label('loadRuns'), merged.label('maxLoadRuns')];
    throw new UsageError(`${load} ${loadRuns} exceeds ${max} ${maxLoadRuns}; raise ${max} or lower ${load}`);
  }
  return { loadRuns, maxLoadRuns };
}

/** An adapter replaces onnxruntime-web; node-native is onnxruntime-node itself, which it cannot replace. */
function checkRuntimeAdapter(merged: MergedSettings): string | null {
  const adapter = merged.given('runtimeAdapter') ?? null;
  if (adapter !== null && merged.value('runtime').includes('node-native')) {
    const runtime = merged.label('runtime');
    throw new UsageError(
      `${merged.label('runtimeAdapter')} runs the adapter on node-wasm and chrome-wasm; node-native is onnxruntime-node and runs ONNX models only: drop node-native from ${runtime} (e.g. ${example(runtime, 'node-wasm,chrome-wasm')})`,
    );
  }
  return adapter;
}

/** The KPI table; a warm-load KPI only where warm loads are measured. */
function checkedKpis(merged: MergedSettings): KpiSpec[] {
  const temperature = merged.value('loadTemperature');
  for (const key of ['kpi', 'kpiLevel'] as const) {
    refuseUnmeasuredWarmKpis(
      merged.entries(key).map((entry) => entry.id),
      merged.label(key),
      temperature,
      merged.label('loadTemperature'),
    );
  }
  return applyKpiSettings(merged.entries('kpi'), merged.entries('kpiLevel'));
}

/** A --ort-web / --ort-node choice, with where it was set for the messages about it. */
function packageChoice(merged: MergedSettings, key: 'ortWeb' | 'ortNode'): RuntimePackageChoice | null {
  const choice = merged.given(key);
  return choice ? { ...choice, setBy: merged.label(key) } : null;
}

/** Cycles too few for the growth's interval at the run's confidence would always leave memory.retained undecided. */
function checkRetainedCycles(merged: MergedSettings): number {
  const cycles = merged.value('retainedCycles');
  const confidence = merged.value('confidence');
  const needed = minPointsForSlopeInterval(confidence) - 1;
  if (cycles > 0 && cycles < needed) {
    const flag = merged.label('retainedCycles');
    throw new UsageError(
      `${flag} ${cycles} gives ${cycles + 1} memory readings (the warm-up cycle's and one per cycle); a ${formatConfidence(confidence)} interval of the growth per cycle needs ${needed + 1}: pass at least ${needed}, or 0 to measure no retained memory (e.g. ${example(flag, String(SUGGESTED_RETAINED_CYCLES))})`,
    );
  }
  return cycles;
}

/** A session option of onnxruntime's: an adapter makes its own sessions, so it would be ignored there. */
function checkGraphOptimization(merged: MergedSettings, adapter: string | null) {
  const level = merged.value('graphOptimization');
  if (level !== null && adapter !== null) {
    throw new UsageError(
      `${merged.label('graphOptimization')} sets a session option of onnxruntime's, which ${merged.label('runtimeAdapter')} does not use: drop one (an adapter chooses its own optimisations)`,
    );
  }
  return level;
}

export function assembleSettings(values: LayeredValues): RunSettings {
  const merged = new MergedSettings(values);
  const { minTimeMs, maxTimeMs } = checkTimes(merged);
  const { loadRuns, maxLoadRuns } = checkLoadRuns(merged);
  const baselineGiven = merged.isSet('baseline') || merged.isSet('saveBaseline');
  const runtimeAdapter = checkRuntimeAdapter(merged);
  return {
    runtimes: merged.value('runtime'),
    // Naming a runtime, or the browser to use, asks for it: then its absence is an error.
    skipUnavailableRuntimes: !merged.isSet('runtime') && !merged.isSet('browserPath') && !merged.isSet('browserWsEndpoint'),
    browserPath: merged.value('browserPath'),
    browserWsEndpoint: merged.value('browserWsEndpoint'),
    runtimeAdapter,
    graphOptimization: checkGraphOptimization(merged, runtimeAdapter),
    ortWeb: packageChoice(merged, 'ortWeb'),
    ortNode: packageChoice(merged, 'ortNode'),
    loadRuns,
    maxLoadRuns,
    loadTemperature: merged.value('loadTemperature'),
    warmup: merged.value('warmup'),
    iterations: merged.value('iterations'),
    // A baseline gate needs the run-to-run noise, which only several inference workers show.
    repeat: merged.given('repeat') ?? (baselineGiven ? RUN_DEFAULTS.baselineRepeat : merged.value('repeat')),
    minTimeMs,
    maxTimeMs,
    confidence: merged.value('confidence'),
    inconclusive: merged.value('inconclusive'),
    checkFinite: merged.value('checkFinite'),
    timeoutMs: merged.value('timeout'),
    memoryLimitBytes: merged.value('memoryLimit'),
    retainedCycles: checkRetainedCycles(merged),
    threads: merged.value('threads'),
    atol: merged.value('atol'),
    rtol: merged.value('rtol'),
    parityLevel: merged.value('parity'),
    seed: merged.value('seed'),
    inputShapes: merged.value('inputShape'),
    inputValues: merged.value('inputValue'),
    dims: mergeDimSettings(merged.layers('dim')),
    kpis: checkedKpis(merged),
    baselineFile: merged.value('baseline'),
    saveBaselineFile: merged.value('saveBaseline'),
    regressions: applyRegressionSettings(merged.entries('maxRegression'), merged.entries('regressionLevel')),
    strictBaseline: merged.value('strict'),
    shard: merged.value('shard'),
    reporters: merged.value('reporter'),
    outDir: merged.value('out'),
    jsonToStdout: merged.value('json'),
    quiet: merged.value('quiet'),
    pushGateway: pushGatewaySettings(merged, DEFAULT_PUSH_JOB),
    otlp: otlpSettings(merged),
  };
}
