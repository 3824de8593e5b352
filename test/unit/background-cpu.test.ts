import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { backgroundCpuMs } from '../../src/runtimes/node/background-cpu.js';

/**
 * A fixed amount of work, not a spin for a wall-clock time: on a loaded machine a thread gets less
 * CPU per wall-clock ms, and the test is about where CPU time is counted, not how much there was.
 */
const SPIN_SOURCE = 'let x = 0; for (let i = 0; i < 150_000_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;';

function mainThreadCpuMs(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

describe('backgroundCpuMs', () => {
  it('counts the CPU of threads other than the main one, and not the main thread’s own', async () => {
    const before = backgroundCpuMs() as number;
    expect(before).toBeGreaterThanOrEqual(0);
    const mainBefore = mainThreadCpuMs();
    new Function(SPIN_SOURCE)();
    const spinCpuMs = mainThreadCpuMs() - mainBefore;
    const afterMainSpin = backgroundCpuMs() as number;
    // The same work on a worker thread: background.
    const worker = new Worker(`${SPIN_SOURCE} require("node:worker_threads").parentPort.postMessage("done");`, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    const afterWorkerSpin = backgroundCpuMs() as number;
    await worker.terminate();
    expect(spinCpuMs).toBeGreaterThan(50);
    expect(afterMainSpin - before).toBeLessThan(spinCpuMs / 2);
    expect(afterWorkerSpin - afterMainSpin).toBeGreaterThanOrEqual(spinCpuMs * 0.7);
  });
});
