/** `wasm-torch-bench inspect <model>`: a model's inputs, outputs, opset, size and sha256. */
import { EXIT_OK } from '../errors.js';
import { loadModelInfo } from '../plan/model-info.js';
import { terminalSafe } from '../reporters/control-chars.js';
import { renderModelInfo } from '../reporters/inspect-text.js';
import { colorEnabled, terminalStyle } from './style.js';

export async function inspectCommand(model: string, options: { json?: boolean }): Promise<number> {
  const info = await loadModelInfo(model);
  process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : renderModelInfo(terminalSafe(info), terminalStyle(colorEnabled(process.stdout, process.env))));
  return EXIT_OK;
}
