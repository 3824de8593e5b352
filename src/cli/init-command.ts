/** `wasm-torch-bench init`: finds the models, reads their inputs, writes a starter config. */
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { starterConfig } from '../config/starter-config.js';
import { EXIT_OK, InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadModelInfo } from '../plan/model-info.js';
import type { CliIo } from './cli-io.js';

export interface InitOptions {
  file: string;
  force?: boolean;
}

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/config.schema.json', import.meta.url));

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** .onnx files among the paths: files as given, folders searched (node_modules and dot-folders skipped). */
async function findModels(cwd: string, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UsageError(`init: ${given} does not exist; pass .onnx files or folders that hold them`);
    if (info.isFile()) {
      found.push(absolute);
      continue;
    }
    found.push(...(await glob('**/*.onnx', { cwd: absolute, absolute: true, ignore: ['**/node_modules/**', '**/.*/**'] })));
  }
  return [...new Set(found)].sort();
}

/** Indented JSON with arrays of numbers or strings on one line ("shape": [1, 3, 224, 224]). */
function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s+((?:-?[\d.e+-]+|"[^"\n]*")(?:,\s+(?:-?[\d.e+-]+|"[^"\n]*"))*)\s+\]/g, (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`);
}

export async function initCommand(paths: readonly string[], options: InitOptions, io: CliIo): Promise<number> {
  const { cwd } = io;
  const target = path.resolve(cwd, options.file);
  if (!options.force && (await exists(target))) {
    throw new UsageError(`init: ${options.file} already exists; pass --force to overwrite it, or --file <path> to write another file`);
  }
  const models = await findModels(cwd, paths);
  if (models.length === 0) {
    throw new InputError('MODEL_NOT_FOUND', `init: no .onnx file under ${paths.length > 0 ? paths.join(', ') : cwd}; pass model files or the folder that holds them`);
  }
  const infos = await Promise.all(models.map((model) => loadModelInfo(model)));
  const config = starterConfig(infos, path.dirname(target), (await exists(SCHEMA_FILE)) ? SCHEMA_FILE : null);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, `${compactJson(config)}\n`);
  const dynamic = config.models?.filter((entry) => typeof entry === 'object' && Object.values(entry.inputs ?? {}).some((input) => input.$comment)).length ?? 0;
  io.stdout.write(
    `wrote ${path.relative(cwd, target) || target}: ${infos.length} model${infos.length === 1 ? '' : 's'}${dynamic > 0 ? `, ${dynamic} with inputs to review (see their "$comment")` : ''}\n` +
      `next: wasm-torch-bench${options.file === 'wasm-torch-bench.config.json' ? '' : ` --config ${options.file}`}   (or --print-config to see the merged settings)\n`,
  );
  return EXIT_OK;
}
