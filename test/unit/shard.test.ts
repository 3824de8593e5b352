/**
 * The --shard split: pure functions on plans built from plain records (no model files, no runtime).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/config/shard-setting.js';
import { resolveRunConfig } from '../../src/config/run-config.js';
import { InputError } from '../../src/errors.js';
import type { PlanEntry } from '../../src/plan/build-plan.js';
import type { RuntimeName } from '../../src/types.js';
import { assignParts, planEntryKey, selectShard, TRIAL_COST_BYTES } from '../../src/plan/shard.js';
import { usageMessage } from '../helpers/usage-error.js';

const CONFIG = resolveRunConfig(['model.onnx'], { runtime: 'node-wasm' });

/** Plan entries of models that failed at planning: everything selectShard reads, nothing more. */
function entries(root: string, models: { file: string; bytes: number; variants?: (string | null)[] }[], runtimes: readonly RuntimeName[] = ['node-wasm', 'node-native'], threads = [1]): PlanEntry[] {
  return models.flatMap(({ file, bytes, variants = [null] }) =>
    variants.flatMap((variant) =>
      runtimes.flatMap((runtime) =>
        threads.map(
          (count): PlanEntry => ({
            kind: 'failed',
            model: { path: path.join(root, file), name: path.basename(file), bytes, sha256: null },
            variant,
            runtime,
            threads: count,
            error: new InputError('MODEL_INVALID', 'not measured here'),
            kpis: [],
            tags: [],
          }),
        ),
      ),
    ),
  );
}

const MODELS = Array.from({ length: 23 }, (_, i) => ({ file: `models/m${String(i).padStart(2, '0')}.onnx`, bytes: ((i * 7919) % 50) * 1_000_000, variants: i % 5 === 0 ? ['a', 'b'] : [null] }));

function split(plan: PlanEntry[], count: number, cwd: string) {
  return Array.from({ length: count }, (_, i) => selectShard(plan, { index: i + 1, count }, { cwd, config: CONFIG, baseline: null }));
}

describe('selectShard', () => {
  const cwd = '/checkout/a';
  const plan = entries(cwd, MODELS, ['node-wasm', 'node-native'], [1, 2]);

  it('puts every plan entry in exactly one shard, each shard in plan order', () => {
    for (const count of [1, 2, 3, 4, 7, 100]) {
      const parts = split(plan, count, cwd);
      const indexes = parts.flatMap((part) => part.record.planIndexes).sort((a, b) => a - b);
      expect(indexes).toEqual(plan.map((_, i) => i));
      for (const part of parts) {
        expect(part.record.planIndexes).toEqual([...part.record.planIndexes].sort((a, b) => a - b));
        expect(part.entries).toEqual(part.record.planIndexes.map((i) => plan[i]));
        expect(part.record.plannedTrials).toBe(plan.length);
      }
    }
  });

  it('keeps every runtime and thread setting of a model and variant in one shard (they are compared with each other)', () => {
    for (const part of split(plan, 4, cwd)) {
      for (const entry of part.entries) {
        const siblings = plan.filter((other) => other.kind === 'failed' && entry.kind === 'failed' && other.model.path === entry.model.path && other.variant === entry.variant);
        expect(siblings.every((sibling) => part.entries.includes(sibling))).toBe(true);
      }
    }
  });

  it('gives the same split and digests on another machine: another checkout folder, another discovery order', () => {
    const elsewhere = '/home/runner/work/repo';
    const reordered = [...entries(elsewhere, MODELS, ['node-wasm', 'node-native'], [1, 2])].reverse();
    const here = split(plan, 4, cwd);
    const there = split(reordered, 4, elsewhere);
    for (const [i, part] of here.entries()) {
      expect(there[i]!.entries.map((entry) => planEntryKey(entry, elsewhere)).sort()).toEqual(part.entries.map((entry) => planEntryKey(entry, cwd)).sort());
      expect(there[i]!.record.planDigest).toBe(part.record.planDigest);
      expect(there[i]!.record.settingsDigest).toBe(part.record.settingsDigest);
    }
  });

  it('keys on the model path relative to the working folder, with "/"', () => {
    const [entry] = entries(cwd, [{ file: 'models/x.onnx', bytes: 1 }], ['node-wasm']);
    expect(planEntryKey(entry!, cwd)).toBe('["models/x.onnx",null,"node-wasm",1]');
    expect(planEntryKey({ ...entry!, model: { ...(entry as Extract<PlanEntry, { kind: 'failed' }>).model, path: 'models/x.onnx' } } as PlanEntry, cwd)).toBe('["models/x.onnx",null,"node-wasm",1]');
  });

  it('changes the plan digest with the plan, and the settings digest with the settings, not with output settings', () => {
    const [whole] = split(plan, 1, cwd);
    const [fewer] = split(plan.slice(1), 1, cwd);
    expect(fewer!.record.planDigest).not.toBe(whole!.record.planDigest);
    const seeded = selectShard(plan, { index: 1, count: 1 }, { cwd, config: resolveRunConfig(['model.onnx'], { runtime: 'node-wasm', seed: '7' }), baseline: null });
    expect(seeded.record.planDigest).toBe(whole!.record.planDigest);
    expect(seeded.record.settingsDigest).not.toBe(whole!.record.settingsDigest);
    const elsewhere = selectShard(
      plan,
      { index: 1, count: 1 },
      { cwd, config: resolveRunConfig(['model.onnx'], { runtime: 'node-wasm', out: 'other', reporter: 'table', quiet: true }), baseline: null },
    );
    expect(elsewhere.record.settingsDigest).toBe(whole!.record.settingsDigest);
  });

  it('balances by size: the heaviest shard exceeds the lightest by at most one model group', () => {
    const weights = split(plan, 4, cwd).map((part) => part.entries.reduce((sum, entry) => sum + TRIAL_COST_BYTES + (entry.kind === 'failed' ? (entry.model.bytes ?? 0) : 0), 0));
    const heaviestGroup = 4 * (TRIAL_COST_BYTES + Math.max(...MODELS.map((model) => model.bytes)));
    expect(Math.max(...weights) - Math.min(...weights)).toBeLessThanOrEqual(heaviestGroup);
  });

  it('leaves the shards beyond the number of model groups empty', () => {
    const small = entries(cwd, MODELS.slice(1, 3));
    expect(split(small, 4, cwd).map((part) => part.entries.length)).toEqual([2, 2, 0, 0]);
  });
});

describe('assignParts (longest processing time first)', () => {
  it('sends the heaviest first, each to the lightest part, ties to the lowest index', () => {
    const items = [
      { key: 'a', weight: 5 },
      { key: 'b', weight: 9 },
      { key: 'c', weight: 4 },
      { key: 'd', weight: 4 },
      { key: 'e', weight: 1 },
    ];
    // b → 0 (loads 9,0,0); a → 1 (9,5,0); c → 2 (9,5,4); d → 2, lighter than 1 (9,5,8); e → 1 (9,6,8).
    expect(assignParts(items, 3)).toEqual([1, 0, 2, 2, 1]);
  });

  it('does not depend on the order of the items', () => {
    const items = MODELS.map((model) => ({ key: model.file, weight: model.bytes }));
    const forward = assignParts(items, 5);
    const backward = assignParts([...items].reverse(), 5).reverse();
    expect(backward).toEqual(forward);
  });

  it('orders equal weights by key', () => {
    expect(
      assignParts(
        [
          { key: 'z', weight: 1 },
          { key: 'a', weight: 1 },
        ],
        2,
      ),
    ).toEqual([1, 0]);
  });
});

describe('parseShard', () => {
  it('reads k/n', () => {
    expect(parseShard('2/4', '--shard')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ', '--shard')).toEqual({ index: 1, count: 1 });
    expect(parseShard(undefined, '--shard')).toBeNull();
  });

  it.each(['0/4', '5/4', 'a/b', '2', '2/0', '-1/4', '1.5/4', ''])('refuses %j with the form to use', (text) => {
    expect(usageMessage(() => parseShard(text, '--shard'))).toMatch(/<index>\/<count>.*e\.g\. --shard 2\/4/);
  });

  it('names the variable it came from', () => {
    expect(usageMessage(() => parseShard('5/4', 'WTB_SHARD'))).toMatch(/^WTB_SHARD 5\/4: the index must be from 1 to 4; .*WTB_SHARD=2\/4/);
  });
});
