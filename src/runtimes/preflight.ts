/**
 * Checks and explanations around a trial that need the model file or the plan, not a worker:
 * inputs too large for a wasm32 runtime are refused before any worker starts, and a refused
 * session whose model keeps its weights in external data files is explained by those files.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation } from 'onnx-buf';
import { InputError, RuntimeFailure, WtbError } from '../errors.js';
import { formatBytes } from '../format.js';
import { WASM32_MEMORY_LIMIT_BYTES } from '../harness/failure-causes.js';
import { elementCount } from '../harness/feeds.js';
import { FEED_DTYPE_BYTES, type FeedSpec, type Trial } from '../types.js';

export function feedBytes(feeds: readonly FeedSpec[]): number {
  return feeds.reduce((total, feed) => total + elementCount(feed.shape) * FEED_DTYPE_BYTES[feed.dtype], 0);
}

/** Inputs that alone exceed what a wasm32 runtime can address can never run there: no worker is started for them. */
export function refuseOversizedFeeds(trial: Trial): void {
  if (trial.runtime === 'node-native') return;
  const bytes = feedBytes(trial.feeds);
  if (bytes < WASM32_MEMORY_LIMIT_BYTES) return;
  const shapes = trial.feeds.map((feed) => `${feed.name}: ${feed.dtype}[${feed.shape.join(',')}]`).join(', ');
  throw new RuntimeFailure(
    'OUT_OF_MEMORY',
    `the inputs (${shapes}) need ${formatBytes(bytes)}, more than the 4 GiB a wasm32 runtime can address, so ${trial.runtime} cannot run them; use smaller inputs (--input-shape, where the model leaves a dim open), export the model with smaller fixed shapes, or measure it on node-native`,
  );
}

interface ExternalFile {
  initializer: string;
  location: string;
  resolvedPath: string;
}

/** Initializers whose data lives in files beside the model (data_location EXTERNAL). */
async function externalDataFiles(modelPath: string): Promise<ExternalFile[]> {
  const model = fromBinary(ModelProtoSchema, new Uint8Array(await readFile(modelPath)));
  return (model.graph?.initializer ?? []).flatMap((tensor) => {
    if (tensor.dataLocation !== TensorProto_DataLocation.EXTERNAL) return [];
    const location = tensor.externalData.find((entry) => entry.key === 'location')?.value ?? '';
    return [{ initializer: tensor.name, location, resolvedPath: path.resolve(path.dirname(modelPath), location) }];
  });
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * A refused session, explained by the model's external data when it has any: a missing file is
 * the user's to fix (exit 2); files that are there are data onnxruntime-web cannot load from the
 * model's bytes. Any other failure is returned as it was.
 */
export async function explainSessionFailure(error: unknown, trial: Trial): Promise<unknown> {
  if (!(error instanceof WtbError) || error.code !== 'SESSION_CREATE_FAILED' || trial.adapter) return error;
  let files: ExternalFile[];
  try {
    files = await externalDataFiles(trial.model.path);
  } catch {
    return error;
  }
  if (files.length === 0) return error;
  const missing: ExternalFile[] = [];
  for (const file of files) if (!(await exists(file.resolvedPath))) missing.push(file);
  const [first] = missing;
  if (first) {
    return new InputError(
      'EXTERNAL_DATA_MISSING',
      `${trial.model.path}: initializer '${first.initializer}' keeps its data in the external file "${first.location}", which is not there (looked for ${first.resolvedPath})${missing.length > 1 ? ` (and ${missing.length - 1} more missing)` : ''}; copy the model's external data files beside it, or export it with the weights inside the .onnx file`,
      { cause: error },
    );
  }
  if (trial.runtime === 'node-native') return error;
  return new RuntimeFailure(
    'MODEL_UNSUPPORTED',
    `${trial.model.path} keeps its weights in external data files (${files[0]?.location}), which ${trial.runtime} cannot load: onnxruntime-web gets the model's bytes only; export it with the weights inside the .onnx file (possible below 2 GB) or measure it on node-native`,
    { cause: error },
  );
}
