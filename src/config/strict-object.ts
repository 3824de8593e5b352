/**
 * zod objects that reject unknown keys with a "did you mean" naming the nearest valid key, so a
 * typo in a config file points at its fix.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

/** The nearest of `known` to `key`, when it is close enough to be a likely typo. */
export function nearestKey(key: string, known: readonly string[]): string | null {
  if (known.length === 0) return null;
  const candidate = closest(
    key.toLowerCase(),
    known.map((name) => name.toLowerCase()),
  );
  const match = known.find((name) => name.toLowerCase() === candidate) ?? null;
  return match && distance(key.toLowerCase(), candidate) <= Math.max(2, Math.floor(key.length / 3)) ? match : null;
}

export function unknownKeyMessage(keys: readonly string[], known: readonly string[]): string {
  const described = keys.map((key) => {
    const near = nearestKey(key, known);
    return near ? `"${key}" (did you mean "${near}"?)` : `"${key}"`;
  });
  return `unknown key${keys.length > 1 ? 's' : ''} ${described.join(', ')}; valid keys here: ${known.join(', ')}`;
}

export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeyMessage(issue.keys, known) : undefined),
  });
}

/** A record keyed by a fixed set of names (metric ids), every key optional, unknown keys named with "did you mean". */
export function keyedRecord<Value extends z.ZodType>(names: readonly [string, ...string[]], value: Value) {
  return z.partialRecord(z.enum(names), value, {
    // zod reports a key outside the enum as unrecognized_keys (with the keys), not as invalid_key.
    error: (issue) => {
      const keys = (issue as { keys?: unknown }).keys;
      return Array.isArray(keys) ? unknownKeyMessage(keys.map(String), names) : undefined;
    },
  });
}

/** A choice among names, a near miss answered with "did you mean". */
export function choice<const Names extends readonly [string, ...string[]]>(names: Names) {
  return z.enum(names, {
    error: (issue) => {
      if (typeof issue.input !== 'string') return `expected one of ${names.join(', ')}`;
      const near = nearestKey(issue.input, names);
      return `unknown value "${issue.input}"${near ? ` (did you mean "${near}"?)` : ''}; choose from ${names.join(', ')}`;
    },
  });
}
