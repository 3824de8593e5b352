/**
 * Test hook (hang-run in WTB_TEST_FAULTS, see runtimes/planted-faults.ts): an adapter whose run() never
 * returns, stuck in a synchronous loop as a runtime stuck in wasm would be, so no event loop turn
 * or message can end it; only the host's timeout, by killing the worker, can.
 */
import type { RuntimeAdapter } from './runtime-adapter.js';

export function hungRuns(adapter: RuntimeAdapter): RuntimeAdapter {
  return {
    ...adapter,
    run: () => {
      for (;;);
    },
  };
}
