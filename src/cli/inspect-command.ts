/** `wasm-torch-bench inspect <model>`: a model's inputs, outputs, opset, size and sha256. */
import { EXIT_OK } from '../errors.js';
import { loadModelInfo } from '../plan/model-info.js';
import { terminalSafe } from '../reporters/control-chars.js';
import { renderModelInfo } from '../reporters/inspect-text.js';
import type { CliIo } from './cli-io.js';
import { colorEnabled, terminalStyle } from './style.js';

export async function inspectCommand(model: string, options: { json?: boolean }, io: CliIo): Promise<number> {
  const info = await loadModelInfo(model);
  io.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : renderModelInfo(terminalSafe(info), terminalStyle(colorEnabled(io.stdout, io.env))));
  return EXIT_OK;
}
