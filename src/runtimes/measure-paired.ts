/**
 * The A/B protocol: both sides measured in one run, paired block by block under the same noise.
 *   cold loads  blocks of four fresh workers in a seeded random order, ABBA or BAAB; a look after
 *               every block from the first that can be judged, until the load metrics decide or
 *               half of --max-time is spent
 *   inference   one warm worker per side, both open at once; blocks of four chunks of timed runs,
 *               ABBA or BAAB, each chunk CHUNK_MS long, so both sides share every stretch of the
 *               machine's state; until the inference metrics decide or --max-time is spent
 * Each block yields one ratio per metric; the gate judges the ratios (gate/ab-judge.ts).
 * Two warm workers taking turns pair as closely as one worker holding both sessions would, and
 * neither side's heap, JIT or allocator state leaks into the other's timings.
 */
import { EXIT_USAGE, InputError, RuntimeFailure, WtbError } from '../errors.js';
import { minBlocksForPairedInterval } from '../stats/paired-ratio.js';
import type { BlockOrder, InferenceBlock, LoadBlock } from '../gate/ab-judge.js';
import { sideChunks } from '../gate/ab-judge.js';
import type { HarnessJob, InferenceFinal, InferenceOpened, LoadResult } from '../harness/job.js';
import { mulberry32 } from '../harness/feeds.js';
import { medianOf, type TimedChunk } from '../harness/measure-inference.js';
import type { Trial } from '../types.js';
import { harnessJob, type InferenceHandle, type WorkerRunners } from './measure-in-workers.js';
import type { PairedEvent, PairedMeasurement, PairedSettings, PairedSideFacts } from './measurement.js';
import { explainSessionFailure, refuseOversizedFeeds } from './preflight.js';

/** Long enough for many runs of a small model, short enough that the machine's state barely moves within a block. */
export const CHUNK_MS = 150;
/** A chunk holds at least this many runs of a slow model (then it outlasts CHUNK_MS). */
const MIN_CHUNK_RUNS = 5;
/** A chunk ends on time alone: the run count never ends it first. */
const UNLIMITED_RUNS = Number.MAX_SAFE_INTEGER;

type Side = 'A' | 'B';

/** A failure of one side, named: the message says which model could not run. */
function forSide(side: Side, trial: Trial, error: unknown): unknown {
  if (!(error instanceof WtbError)) return error;
  const message = `side ${side} (${trial.model.name}): ${error.message}`;
  return error.exitCode === EXIT_USAGE ? new InputError(error.code, message, { cause: error }) : new RuntimeFailure(error.code, message, { cause: error });
}

async function onSide<T>(side: Side, trial: Trial, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw forSide(side, trial, await explainSessionFailure(error, trial));
  }
}

function blockOrder(random: () => number): BlockOrder {
  return random() < 0.5 ? 'ABBA' : 'BAAB';
}

function sidesInOrder(order: BlockOrder): Side[] {
  return order === 'ABBA' ? ['A', 'B', 'B', 'A'] : ['B', 'A', 'A', 'B'];
}

interface PairedSides<F extends InferenceFinal> {
  trials: Record<Side, Trial>;
  runners: Record<Side, WorkerRunners<F>>;
}

/**
 * Time spent so far: the wall clock, or the time the jobs report having measured when that is
 * more (a simulated runtime's jobs take no real time, and must still run out of --max-time).
 */
class Elapsed {
  private readonly startedAt = performance.now();
  private measuredMs = 0;

  add(measuredMs: number): void {
    this.measuredMs += measuredMs;
  }

  ms(): number {
    return Math.max(performance.now() - this.startedAt, this.measuredMs);
  }
}

async function measureLoadBlocks<F extends InferenceFinal>(sides: PairedSides<F>, settings: PairedSettings, random: () => number, elapsed: Elapsed, onEvent: (event: PairedEvent) => void) {
  const blocks: LoadBlock[] = [];
  const budgetMs = settings.maxTimeMs / 2;
  const firstLook = minBlocksForPairedInterval(settings.confidence);
  const jobs = { A: harnessJob(sides.trials.A, settings, 'load'), B: harnessJob(sides.trials.B, settings, 'load') };
  for (;;) {
    const order = blockOrder(random);
    const loads: Record<Side, LoadResult[]> = { A: [], B: [] };
    for (const side of sidesInOrder(order)) {
      const load = await onSide(side, sides.trials[side], () => sides.runners[side].load(jobs[side]));
      elapsed.add(load.phases.totalMs);
      loads[side].push(load);
    }
    const [a1, a2] = loads.A as [LoadResult, LoadResult];
    const [b1, b2] = loads.B as [LoadResult, LoadResult];
    blocks.push({
      order,
      aLoadMs: [a1.phases.totalMs, a2.phases.totalMs],
      bLoadMs: [b1.phases.totalMs, b2.phases.totalMs],
      aPeakBytes: [a1.memoryCount > 0 ? a1.wasmPeakBytes : null, a2.memoryCount > 0 ? a2.wasmPeakBytes : null],
      bPeakBytes: [b1.memoryCount > 0 ? b1.wasmPeakBytes : null, b2.memoryCount > 0 ? b2.wasmPeakBytes : null],
      endedAtMs: elapsed.ms(),
    });
    onEvent({ kind: 'load-block', blocks: blocks.length });
    if (blocks.length >= firstLook && settings.pairedJudge.loadsDecided(blocks)) return { blocks, stopReason: 'decided' as const };
    if (elapsed.ms() >= budgetMs) return { blocks, stopReason: 'max-time' as const };
  }
}

function chunkRequest(opened: InferenceOpened): { iterations: number; maxTimeMs: number } {
  const typicalRunMs = medianOf(opened.warmupMs) ?? opened.firstInferenceMs;
  return { iterations: UNLIMITED_RUNS, maxTimeMs: Math.max(CHUNK_MS, MIN_CHUNK_RUNS * typicalRunMs) };
}

async function measureInferenceBlocks<F extends InferenceFinal>(
  sides: PairedSides<F>,
  handles: Record<Side, InferenceHandle<F>>,
  settings: PairedSettings,
  random: () => number,
  elapsed: Elapsed,
  onEvent: (event: PairedEvent) => void,
) {
  const blocks: InferenceBlock[] = [];
  const firstLook = minBlocksForPairedInterval(settings.confidence);
  // One chunk length for both sides, so each block gives them the same share of the machine's time.
  const requests = { A: chunkRequest(handles.A.opened), B: chunkRequest(handles.B.opened) };
  const request = { iterations: Math.max(requests.A.iterations, requests.B.iterations), maxTimeMs: Math.max(requests.A.maxTimeMs, requests.B.maxTimeMs) };
  for (;;) {
    const order = blockOrder(random);
    const chunks: Record<Side, TimedChunk[]> = { A: [], B: [] };
    for (const side of sidesInOrder(order)) {
      const chunk = await onSide(side, sides.trials[side], () => handles[side].more(request));
      elapsed.add(chunk.timedPhaseMs);
      chunks[side].push(chunk);
    }
    const pooled = (side: Side) => {
      const all = chunks[side];
      return sideChunks(
        all.flatMap((chunk) => chunk.samplesMs),
        all.reduce((sum, chunk) => sum + chunk.attempts, 0),
        all.reduce((sum, chunk) => sum + chunk.errors, 0),
      );
    };
    blocks.push({ order, a: pooled('A'), b: pooled('B'), endedAtMs: elapsed.ms() });
    onEvent({ kind: 'inference-block', blocks: blocks.length });
    if (blocks.length >= firstLook && settings.pairedJudge.inferenceDecided(blocks)) return { blocks, stopReason: 'decided' as const };
    // The first look's blocks are measured whatever the time (seven at 95 %, about 5 s): fewer
    // could bound no ratio at all, and cold loads that overran their half must not leave none.
    if (blocks.length >= firstLook && elapsed.ms() >= settings.maxTimeMs) return { blocks, stopReason: 'max-time' as const };
  }
}

function sideFacts(opened: InferenceOpened, final: InferenceFinal, firstInferenceAfter: Side | null): PairedSideFacts {
  return {
    runtimeVersion: opened.runtimeVersion,
    threadsUsed: opened.threadsUsed,
    clockResolutionMs: opened.clockResolutionMs,
    firstInferenceMs: opened.firstInferenceMs,
    firstInferenceAfter,
    outputs: final.outputs,
    outputsNote: final.outputsNote,
  };
}

/**
 * Both sides' inference sessions in one worker, which takes turns running their chunks (Tango):
 * what the process itself adds to run times (its placement, its heap, the engine's compiled code)
 * is then the same for both. Measured with two identical models on node-wasm: one worker per side
 * gave B/A +2.2 % [+0.6, +3.9] at P50 and +3.2 % [+0.1, +7.5] at P99 ("slower"), a bias of the
 * workers, not of the sides.
 */
export type SharedInferenceOpener<F extends InferenceFinal> = (side: Side, job: HarnessJob) => Promise<InferenceHandle<F>>;

/** Measures sides A and B of one runtime as pairs. Throws a RuntimeFailure naming the side that failed. */
export async function measurePairedInWorkers<F extends InferenceFinal>(
  trials: Record<Side, Trial>,
  runners: Record<Side, WorkerRunners<F>>,
  settings: PairedSettings,
  onEvent: (event: PairedEvent) => void,
  openShared?: SharedInferenceOpener<F>,
): Promise<PairedMeasurement> {
  for (const side of ['A', 'B'] as const) refuseOversizedFeeds(trials[side]);
  const sides = { trials, runners };
  const random = mulberry32(settings.seed ^ 0xab);
  const elapsed = new Elapsed();
  const loads = settings.measureLoads ? await measureLoadBlocks(sides, settings, random, elapsed, onEvent) : { blocks: [], stopReason: 'decided' as const };
  // Which side opens first alternates with the seed, as the blocks' order does.
  const openOrder: Side[] = random() < 0.5 ? ['A', 'B'] : ['B', 'A'];
  const handles: Partial<Record<Side, InferenceHandle<F>>> = {};
  // A wasm runtime's thread pool is set once per process (or page): sides with other thread
  // counts each get a worker of their own, taking turns as closely.
  const shared = trials.A.threads === trials.B.threads ? openShared : undefined;
  try {
    let batchSize: number | undefined;
    for (const side of openOrder) {
      // The opening chunk is not a block's: one run of it is enough.
      const job = { ...harnessJob(trials[side], settings, 'inference'), iterations: 1, minTimeMs: 0, batchSize };
      const handle = await onSide(side, trials[side], () => (shared ? shared(side, job) : runners[side].openInference(job)));
      handles[side] = handle;
      batchSize ??= handle.opened.batchSize;
    }
    const open = handles as Record<Side, InferenceHandle<F>>;
    const openedAfter = (side: Side): Side | null => (shared && openOrder[1] === side ? (openOrder[0] ?? null) : null);
    for (const side of ['A', 'B'] as const) {
      const { threadsUsed } = open[side].opened;
      if (threadsUsed !== null && threadsUsed !== trials[side].threads) {
        throw new RuntimeFailure('THREADS_UNAVAILABLE', `side ${side}: asked for ${trials[side].threads} threads, the runtime used ${threadsUsed}`);
      }
    }
    const inference = await measureInferenceBlocks(sides, open, settings, random, elapsed, onEvent);
    const { A: handleA, B: handleB } = open;
    const finals = { A: await handleA.finish(), B: await handleB.finish() };
    handles.A = undefined;
    handles.B = undefined;
    return {
      loadBlocks: loads.blocks,
      loadStopReason: loads.stopReason,
      inferenceBlocks: inference.blocks,
      inferenceStopReason: inference.stopReason,
      a: sideFacts(handleA.opened, finals.A, openedAfter('A')),
      b: sideFacts(handleB.opened, finals.B, openedAfter('B')),
      warnings: [],
    };
  } finally {
    // A side that failed must not leave the other's worker running.
    await Promise.allSettled(Object.values(handles).map((handle) => handle?.finish()));
  }
}
