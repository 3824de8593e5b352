/** A worker process that ended before answering, as the error record its way of dying calls for. */
import { RuntimeFailure } from '../../errors.js';

const JS_HEAP_EXHAUSTED = /JavaScript heap out of memory|Reached heap limit/;

export function workerExitFailure(worker: string, code: number | null, signal: NodeJS.Signals | null, stderrTail: string): RuntimeFailure {
  const output = stderrTail ? `; its last output:\n${stderrTail}` : '';
  if (JS_HEAP_EXHAUSTED.test(stderrTail)) {
    return new RuntimeFailure(
      'OUT_OF_MEMORY',
      `${worker} ran out of JavaScript heap and was ended by V8; raise --memory-limit if one is set (the heap limit follows it), or measure with smaller inputs (--input-shape) or a smaller model${output}`,
    );
  }
  if (signal === 'SIGKILL') {
    return new RuntimeFailure(
      'WORKER_CRASHED',
      `${worker} was killed by SIGKILL before answering; a SIGKILL from outside most often comes from the operating system's out-of-memory killer (see dmesg): run fewer jobs on the machine at once, or set --memory-limit so that the tool stops a worker first and says so${output}`,
    );
  }
  if (signal) {
    return new RuntimeFailure(
      'WORKER_CRASHED',
      `${worker} was killed by ${signal} before answering, a crash inside the runtime; run the model again alone to see whether it repeats, and if it does, report it with the model and \`wasm-torch-bench inspect\`'s output${output}`,
    );
  }
  return new RuntimeFailure('WORKER_CRASHED', `${worker} exited with code ${code} before answering; its output says why${output || ' (it printed nothing)'}`);
}
