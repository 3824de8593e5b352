/**
 * Test hooks that plant a fault in the workers of one model, so the tests can show that each
 * failure becomes a clean error record and the run goes on. Never set outside tests (WTB_TEST_*
 * variables are exempt from the unknown-variable check). A value names the phase and, after a
 * colon, a part of the model's path that selects the model (every model when left out):
 *
 *   WTB_TEST_KILL_WORKER=load|inference[:<path part>]     the Node worker SIGKILLs itself on that job
 *   WTB_TEST_CRASH_RENDERER=load|inference[:<path part>]  chrome-wasm: the page's renderer is crashed (CDP Page.crash)
 *   WTB_TEST_HANG_RUN=<path part>                         run() never returns (a synchronous loop), every runtime
 */
export type WorkerPhase = 'load' | 'inference';

export interface PlantedFaults {
  killWorker: boolean;
  crashRenderer: boolean;
  hangRun: boolean;
}

export const NO_FAULTS: PlantedFaults = Object.freeze({ killWorker: false, crashRenderer: false, hangRun: false });

function phaseHook(value: string | undefined, phase: WorkerPhase, modelPath: string): boolean {
  if (!value) return false;
  const [hookPhase, pathPart = ''] = value.split(/:(.*)/s);
  return hookPhase === phase && modelPath.includes(pathPart);
}

export function plantedFaults(env: NodeJS.ProcessEnv, phase: WorkerPhase, modelPath: string): PlantedFaults {
  const hang = env.WTB_TEST_HANG_RUN;
  return {
    killWorker: phaseHook(env.WTB_TEST_KILL_WORKER, phase, modelPath),
    crashRenderer: phaseHook(env.WTB_TEST_CRASH_RENDERER, phase, modelPath),
    hangRun: phase === 'inference' && hang !== undefined && hang !== '' && modelPath.includes(hang),
  };
}
