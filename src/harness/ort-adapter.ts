/**
 * The built-in runtimes as adapters: onnxruntime-web (node-wasm, chrome-wasm) and onnxruntime-node
 * (node-native) share one InferenceSession/Tensor API, so one adapter serves both with a flavour.
 */
import type { HarnessOrt, HarnessTensor, OrtSession as BaseSession } from './contracts.js';
import type { AdapterTensor, RuntimeAdapter, TensorDescription } from './runtime-adapter.js';
import type { RuntimeFlavour } from './runtime-flavour.js';

interface OrtMetadata {
  name: string;
  isTensor?: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

type OrtSession = BaseSession & { inputMetadata?: readonly OrtMetadata[]; outputMetadata?: readonly OrtMetadata[] };

function describe(names: readonly string[], metadata: readonly OrtMetadata[] | undefined): TensorDescription[] {
  return names.map((name) => {
    const entry = metadata?.find((candidate) => candidate.name === name);
    return { name, dtype: entry?.type ?? 'unknown', shape: entry?.shape ? [...entry.shape] : [] };
  });
}

/** `extraSessionOptions` are laid over the flavour's (the profiler's enableProfiling). */
export function ortAdapter(ort: HarnessOrt, flavour: RuntimeFlavour, extraSessionOptions: Record<string, unknown> = {}): RuntimeAdapter<OrtSession> {
  // run() gets the same feeds object every time: its onnxruntime tensors are made once, outside the timed runs.
  const converted = new WeakMap<object, Record<string, HarnessTensor>>();
  const toOrt = (feeds: Readonly<Record<string, AdapterTensor>>) => {
    let tensors = converted.get(feeds);
    if (!tensors) {
      tensors = Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, new ort.Tensor(tensor.type, tensor.data as ArrayBufferView, tensor.dims)]));
      converted.set(feeds, tensors);
    }
    return tensors;
  };
  return {
    name: flavour.packageName,
    version: flavour.version(ort),
    load: async (model, { threads }) => (await ort.InferenceSession.create(model, { ...flavour.configure(ort, threads), ...extraSessionOptions })) as OrtSession,
    inputs: (session) => describe(session.inputNames, session.inputMetadata),
    outputs: undefined,
    run: (session, feeds) => session.run(toOrt(feeds)) as unknown as Promise<Record<string, AdapterTensor>>,
    dispose: async (session) => {
      // onnxruntime writes (or prints) the profile when profiling ends.
      if (extraSessionOptions.enableProfiling) (session as OrtSession & { endProfiling?: () => unknown }).endProfiling?.();
      await session.release();
    },
    threadsUsed: (_session, requested) => flavour.threadsUsed(ort, requested),
  };
}
