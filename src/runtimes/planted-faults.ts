/**
 * Test hooks that plant a fault in the workers of one model, so the tests can show that each
 * failure becomes a clean error record and the run goes on, and that a slowdown is caught. All of
 * them sit behind one environment variable, never set outside tests (the only WTB_ variable the
 * settings' unknown-variable check lets pass):
 *
 *   WTB_TEST_FAULTS="<fault>=<value>;<fault>=<value>…"
 *
 *   kill-worker=load|inference[:<path part>]      the Node worker SIGKILLs itself on that job
 *   crash-renderer=load|inference[:<path part>]   chrome-wasm: the page's renderer is crashed (CDP Page.crash)
 *   hang-run=<path part>                          run() never returns (a synchronous loop), every runtime
 *   slow-run-ms=<ms>[:<path part>]                node-wasm and node-native: every run() busy-waits this long first
 *   stretch-run=<fraction>[:<path part>]          node-wasm and node-native: every run() busy-waits that fraction of its own time after it (the A/B self-test's planted slowdown)
 *
 * A path part selects the models whose path contains it (every model when left out), e.g.
 * WTB_TEST_FAULTS="kill-worker=load:tiny;slow-run-ms=5".
 */
import { UsageError } from '../errors.js';

export const FAULTS_VARIABLE = 'WTB_TEST_FAULTS';

export type WorkerPhase = 'load' | 'inference';

export interface PlantedFaults {
  killWorker: boolean;
  crashRenderer: boolean;
  hangRun: boolean;
  /** Added to every run() by busy-waiting; 0 for none. */
  slowRunMs: number;
  /** Every run() stretched by this fraction of its own time (0.05: 5 % slower); 0 for none. */
  stretchRun: number;
}

export const NO_FAULTS: PlantedFaults = Object.freeze({ killWorker: false, crashRenderer: false, hangRun: false, slowRunMs: 0, stretchRun: 0 });

const FAULT_NAMES = ['kill-worker', 'crash-renderer', 'hang-run', 'slow-run-ms', 'stretch-run'] as const;
type FaultName = (typeof FAULT_NAMES)[number];

/** The variable's faults by name; a typo is an error (a planted fault that silently does nothing proves nothing). */
function parseFaults(text: string): Map<FaultName, string> {
  const faults = new Map<FaultName, string>();
  for (const item of text.split(';').map((part) => part.trim())) {
    if (item === '') continue;
    const [name = '', value = ''] = item.split(/=(.*)/s);
    if (!(FAULT_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`${FAULTS_VARIABLE}: unknown fault "${name}"; use ${FAULT_NAMES.join(', ')} (see src/runtimes/planted-faults.ts)`);
    }
    faults.set(name as FaultName, value);
  }
  return faults;
}

/** "<head>[:<path part>]" → head, and whether the model's path holds the part. */
function splitSelector(value: string, modelPath: string): { head: string; selected: boolean } {
  const [head = '', pathPart = ''] = value.split(/:(.*)/s);
  return { head, selected: modelPath.includes(pathPart) };
}

function phaseHook(value: string | undefined, phase: WorkerPhase, modelPath: string): boolean {
  if (!value) return false;
  const { head, selected } = splitSelector(value, modelPath);
  return head === phase && selected;
}

function slowRunMs(value: string | undefined, modelPath: string): number {
  if (!value) return 0;
  const { head, selected } = splitSelector(value, modelPath);
  const ms = Number(head);
  if (!(ms >= 0)) throw new UsageError(`${FAULTS_VARIABLE}: slow-run-ms=${value} is not a number of milliseconds, e.g. slow-run-ms=5`);
  return selected ? ms : 0;
}

function stretchRun(value: string | undefined, modelPath: string): number {
  if (!value) return 0;
  const { head, selected } = splitSelector(value, modelPath);
  const fraction = Number(head);
  if (!(fraction >= 0)) throw new UsageError(`${FAULTS_VARIABLE}: stretch-run=${value} is not a fraction of a run's time, e.g. stretch-run=0.05 for 5 % slower`);
  return selected ? fraction : 0;
}

export function plantedFaults(env: Readonly<Record<string, string | undefined>>, phase: WorkerPhase, modelPath: string): PlantedFaults {
  const text = env[FAULTS_VARIABLE];
  if (!text) return NO_FAULTS;
  const faults = parseFaults(text);
  const hang = faults.get('hang-run');
  return {
    killWorker: phaseHook(faults.get('kill-worker'), phase, modelPath),
    crashRenderer: phaseHook(faults.get('crash-renderer'), phase, modelPath),
    hangRun: phase === 'inference' && hang !== undefined && hang !== '' && modelPath.includes(hang),
    slowRunMs: slowRunMs(faults.get('slow-run-ms'), modelPath),
    stretchRun: stretchRun(faults.get('stretch-run'), modelPath),
  };
}
