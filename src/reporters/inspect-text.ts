/** ModelInfo → the `inspect` listing. Pure. */
import Table from 'cli-table3';
import { formatBytes } from '../format.js';
import type { ModelInfo, TensorInfo } from '../types.js';
import { PLAIN_STYLE, type Style } from './table.js';

function shapeText(tensor: TensorInfo): string {
  if (!tensor.shape) return '(no shape declared)';
  return `[${tensor.shape.map((dim) => (dim === null ? '?' : typeof dim === 'string' ? `${dim} (dynamic)` : String(dim))).join(', ')}]`;
}

export function renderModelInfo(info: ModelInfo, style: Style = PLAIN_STYLE): string {
  const tensors = new Table({ head: ['', 'Name', 'Type', 'Shape'].map((title) => style.bold(title)), style: { head: [], border: [] } });
  for (const input of info.inputs) tensors.push(['input', input.name, input.dtype, shapeText(input)]);
  for (const output of info.outputs) tensors.push(['output', output.name, output.dtype, shapeText(output)]);
  const dynamic = info.inputs.filter((input) => !input.shape || input.shape.some((dim) => typeof dim !== 'number'));
  const lines = [
    style.bold(info.path),
    `  size     ${formatBytes(info.bytes)}`,
    `  sha256   ${info.sha256}`,
    `  ir       ${info.irVersion}`,
    `  opsets   ${info.opsets.map((opset) => `${opset.domain} ${opset.version}`).join(', ')}`,
    `  producer ${info.producer || '(not recorded)'}`,
    tensors.toString(),
  ];
  if (dynamic.length > 0) {
    const example = dynamic.map((input) => `--input-shape ${input.name}=${(input.shape ?? [1]).map((dim) => (typeof dim === 'number' ? dim : 1)).join(',')}`).join(' ');
    lines.push(style.warn(`dynamic dims: to run this model pass e.g. ${example}`));
    const names = [...new Set(dynamic.flatMap((input) => (input.shape ?? []).filter((dim): dim is string => typeof dim === 'string')))];
    if (names.length > 0) lines.push(style.warn(`named dims: or size each once for every input that has it, e.g. ${names.map((name) => `--dim ${name}=1`).join(' ')}`));
  }
  return `${lines.join('\n')}\n`;
}
