import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { backgroundCpuMs } from '../../src/runtimes/node/background-cpu.js';

describe('backgroundCpuMs', () => {
  it('counts the CPU of threads other than the main one, and not the main thread’s own', async () => {
    const before = backgroundCpuMs() as number;
    expect(before).toBeGreaterThanOrEqual(0);
    // The main thread spins 150 ms: not background.
    const spinUntil = performance.now() + 150;
    while (performance.now() < spinUntil);
    const afterMainSpin = backgroundCpuMs() as number;
    // A worker thread spins 300 ms: background.
    const worker = new Worker('const end = performance.now() + 300; while (performance.now() < end); require("node:worker_threads").parentPort.postMessage("done");', { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    const afterWorkerSpin = backgroundCpuMs() as number;
    await worker.terminate();
    expect(afterMainSpin - before).toBeLessThan(100);
    expect(afterWorkerSpin - afterMainSpin).toBeGreaterThanOrEqual(250);
  });
});
