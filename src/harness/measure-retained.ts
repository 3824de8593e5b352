/**
 * Memory that is never given back: after the inference session is released, cycles of
 * create session → one run → release in the same worker or page, with a full garbage collection
 * and a reading of its memory after each. A runtime that gives everything back reads the same
 * after every cycle; one that keeps something per session climbs. The first cycle warms up (the
 * session-creation path allocates its caches once) and gives the starting reading; then `cycles`
 * more, one reading each. No Node or DOM imports: the host reads the memory it can see.
 */
import type { HarnessSession } from './contracts.js';
import { messageOf } from './failure-causes.js';
import { bindSession } from './measure-load.js';
import type { AdapterTensor, RuntimeAdapter } from './runtime-adapter.js';

/** Memory after one cycle (bytes); null where the host cannot read that figure. */
export interface RetainedReading {
  /** The runtime's WebAssembly linear memory (its high-water mark: wasm memory never shrinks). */
  wasmBytes: number | null;
  /** JavaScript heap in use plus ArrayBuffer backing stores, after the collection. */
  jsBytes: number | null;
  /** Resident set of the worker process (Node) or the page's renderer (Chrome). */
  rssBytes: number | null;
}

export interface RetainedSeries {
  /** Cycles measured after the warm-up one; `readings` holds one more (the warm-up's). */
  cycles: number;
  readings: RetainedReading[];
  /** Wall time of each cycle, the warm-up's first (create, run, release, collection and reading). */
  cycleMs: number[];
  /** Whether a full garbage collection ran before each reading. */
  gcForced: boolean;
  /** Why the cycles stopped early (a create or run that threw); null when all ran. */
  error: string | null;
}

/** What the host can see of its own memory. */
export interface MemoryReader {
  /** Runs a full garbage collection when the host can force one; false when it cannot. */
  collectGarbage(): Promise<boolean>;
  /** JS heap and resident set now; the wasm memory comes from the probe. */
  read(): Promise<Pick<RetainedReading, 'jsBytes' | 'rssBytes'>>;
}

export interface RetainedCycleInputs {
  adapter: RuntimeAdapter;
  readModel: () => Promise<Uint8Array>;
  feeds: Readonly<Record<string, AdapterTensor>>;
  threads: number;
  /** The runtime's wasm memory now; null for a runtime without one. */
  wasmBytes: () => number | null;
  reader: MemoryReader;
  now: () => number;
}

/** Cycles after the warm-up one; a Theil–Sen interval over cycles + 1 readings needs at least 4 (5 points at 95 %). */
export async function measureRetained(inputs: RetainedCycleInputs, cycles: number): Promise<RetainedSeries> {
  const { adapter, feeds, threads, reader } = inputs;
  // Read once: the bytes stay alive through every cycle, so they add nothing to the slope.
  const model = await inputs.readModel();
  const series: RetainedSeries = { cycles, readings: [], cycleMs: [], gcForced: true, error: null };
  for (let cycle = 0; cycle <= cycles; cycle++) {
    const startMs = inputs.now();
    let session: HarnessSession;
    try {
      session = bindSession(adapter, await adapter.load(model, { threads }));
    } catch (error) {
      series.error = `creating the session in cycle ${cycle + 1} of ${cycles + 1} failed: ${messageOf(error)}`;
      break;
    }
    try {
      await session.run(feeds);
    } catch (error) {
      series.error = `run() in cycle ${cycle + 1} of ${cycles + 1} failed: ${messageOf(error)}`;
      await session.release().catch(() => undefined);
      break;
    }
    try {
      await session.release();
    } catch (error) {
      series.error = `releasing the session in cycle ${cycle + 1} of ${cycles + 1} failed: ${messageOf(error)}`;
      break;
    }
    series.gcForced = (await reader.collectGarbage()) && series.gcForced;
    series.readings.push({ wasmBytes: inputs.wasmBytes(), ...(await reader.read()) });
    series.cycleMs.push(inputs.now() - startMs);
  }
  return series;
}
