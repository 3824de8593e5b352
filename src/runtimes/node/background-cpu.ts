/**
 * CPU time this process spent outside its main thread: V8's background compilers (wasm tier-up
 * from Liftoff to TurboFan) and GC helpers. While it runs hot the runtime is still being
 * optimised, so warm-up has not reached steady state however flat the latencies look: Silero VAD
 * on node-wasm sits on plateaus of 700–1,000 µs for up to 2.5 s before settling at 260–400 µs,
 * and its background threads burn 90–170 % of a core until the very step down.
 * Linux only (/proc/self/task/<tid>/schedstat, nanoseconds); null elsewhere.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TASKS = '/proc/self/task';

function threadCpuNs(tid: string): number {
  try {
    return Number(readFileSync(`${TASKS}/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0; // the thread ended between listing and reading
  }
}

/** CPU ms used so far by every living thread but the main one (V8's platform threads live as long as the process), or null where /proc cannot tell. */
export function backgroundCpuMs(): number | null {
  let tids: string[];
  try {
    tids = readdirSync(TASKS);
  } catch {
    return null;
  }
  const main = String(process.pid);
  let totalNs = 0;
  for (const tid of tids) if (tid !== main) totalNs += threadCpuNs(tid);
  return Number.isFinite(totalNs) ? totalNs / 1e6 : null;
}
