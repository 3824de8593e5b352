#!/usr/bin/env node
/**
 * Writes a dense-wasm model with seeded random weights (the same file for the same options):
 *   node examples/dense-wasm/make-model.mjs [path] [--in 256] [--out 128] [--seed 1]
 * The path defaults to dense-<in>x<out>.dwm beside this script.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeModel, FILE_EXTENSION } from './model-format.mjs';

export const DEFAULT_IN_DIM = 256;
export const DEFAULT_OUT_DIM = 128;
export const DEFAULT_SEED = 1;

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Weights uniform in ±1/√inDim keep outputs near unit scale for inputs in [-1, 1]; biases in
 * ±0.1 are small enough that about half the outputs come out negative before the ReLU.
 */
export function randomModel({ inDim, outDim, seed = DEFAULT_SEED }) {
  const random = mulberry32(seed);
  const weightScale = 1 / Math.sqrt(inDim);
  const weights = Float32Array.from({ length: inDim * outDim }, () => (random() * 2 - 1) * weightScale);
  const bias = Float32Array.from({ length: outDim }, () => (random() * 2 - 1) * 0.1);
  return { inDim, outDim, weights, bias };
}

export function defaultModelPath(inDim, outDim) {
  return fileURLToPath(new URL(`./dense-${inDim}x${outDim}${FILE_EXTENSION}`, import.meta.url));
}

export async function writeModel(filePath, options) {
  const bytes = encodeModel(randomModel(options));
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, bytes);
  return bytes.byteLength;
}

function positiveInteger(flag, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a whole number of at least 1, got "${text}"`);
  return value;
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      in: { type: 'string', default: String(DEFAULT_IN_DIM) },
      out: { type: 'string', default: String(DEFAULT_OUT_DIM) },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  if (positionals.length > 1) throw new Error(`expected at most one output path, got ${positionals.length}: ${positionals.join(' ')}`);
  const inDim = positiveInteger('--in', values.in);
  const outDim = positiveInteger('--out', values.out);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
  const filePath = positionals[0] ?? defaultModelPath(inDim, outDim);
  const sizeBytes = await writeModel(filePath, { inDim, outDim, seed });
  console.log(`wrote ${filePath} (${inDim}×${outDim}, seed ${seed}, ${sizeBytes} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`make-model: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
