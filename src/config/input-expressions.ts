/** `--input-shape name=1,3,224,224` and `--input-value name=16000`: settings applied to every model that has the input. */
import { UsageError } from '../errors.js';
import { parseAssignments } from './flag-syntax.js';

export function parseInputShapes(expressions: readonly string[]): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const [name, value] of parseAssignments('--input-shape', expressions, 'input=1,3,224,224')) {
    // "[]" or "scalar" states a 0-d tensor explicitly.
    if (value === '[]' || value === 'scalar') {
      shapes[name] = [];
      continue;
    }
    const dims = value
      .replace(/^\[|\]$/g, '')
      .split(/[,x×]/)
      .map((dim) => dim.trim());
    if (!dims.every((dim) => /^\d+$/.test(dim))) {
      throw new UsageError(`--input-shape ${name}=${value}: dims must be whole numbers separated by commas, e.g. --input-shape ${name}=1,3,224,224`);
    }
    shapes[name] = dims.map(Number);
  }
  return shapes;
}

export function parseInputValues(expressions: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, value] of parseAssignments('--input-value', expressions, 'sr=16000')) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new UsageError(`--input-value ${name}=${value}: the value must be a finite number, e.g. --input-value ${name}=16000`);
    values[name] = number;
  }
  return values;
}
