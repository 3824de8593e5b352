/**
 * --list of a shard from another checkout folder: the bin, in a real working folder, keys the same
 * trials the same way (model paths relative to the folder it runs in). Sharding and merging
 * themselves run in-process in test/unit/cli-shard-merge.test.ts.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { PlanListing } from '../../src/plan/list-plan.js';
import { QUICK_SAMPLES, RELAXED, runCli, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

const PLAN = [fixture('tiny-mlp').path, fixture('int64-input').path, fixture('dynamic-batch').path, 'no/such/model.onnx', ...QUICK_SAMPLES, '--runtime', 'node-wasm,node-native', ...RELAXED];

it('the same part on another run from another checkout folder; WTB_SHARD works as the flag', () => {
  const list = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const result = runCli([...args, '--list', '--json'], options);
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as PlanListing;
  };
  const here = list([...PLAN, '--shard', '2/4']);
  expect(here.entries.map((entry) => [entry.planIndex, entry.key])).toEqual([
    [2, '["fixtures/models/int64-input.onnx",null,"node-wasm",1]'],
    [3, '["fixtures/models/int64-input.onnx",null,"node-native",1]'],
  ]);
  const checkout = tempDir('wtb-checkout-');
  cpSync(path.join(REPO_ROOT, 'fixtures/models'), path.join(checkout, 'fixtures/models'), { recursive: true });
  expect(list(PLAN, { cwd: checkout, env: { WTB_SHARD: '2/4' } })).toEqual(here);
});
