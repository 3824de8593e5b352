/** The benchmarks still run against the current build (their numbers are not asserted: timing is noisy). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

function bench(script: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench', script), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
}

describe('benchmarks', () => {
  it('bench/overhead prints the harness-to-bare-loop ratio', () => {
    const result = bench('overhead.mjs', ['--rounds', '2', '--runs', '100']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/samples\s+200 bare, 200 harness/);
    expect(result.stdout).toMatch(/ratio\s+\d+\.\d{4} × \(goal ≤ 1\.01\) (MET|NOT MET)/);
  });

  it('bench/time-to-verdict prints both scenarios with their ratios', () => {
    const result = bench('time-to-verdict.mjs', ['--rounds', '1', '--model', fixture('tiny-mlp').absolutePath]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/inference\.p99 \(clear pass\)\s+adaptive\s+\d+ ms \/\s+\d+ runs \(inference\.p99 pass\)\s+vs\s+fixed\s+\d+ ms \/ 1000 runs/);
    expect(result.stdout).toMatch(/median ratio \d+\.\d{3}× \(goal ≤ 0\.5×\) (MET|NOT MET)/);
    expect(result.stdout).toMatch(/p99 \+ error\.rate\s+median ratio/);
  });

  it('bench/sequential-error prints, per check, the stopping rule now and the rule it replaced', () => {
    const result = bench('sequential-error.mjs', ['--repetitions', '40', '--inference-repetitions', '10']);
    expect(result.status).toBe(0);
    for (const check of ['load\\.p95', 'inference\\.p99', 'error\\.rate']) {
      for (const rule of ['anytime-valid \\(now\\)', 'fixed-n per look \\(before\\)']) {
        expect(result.stdout).toMatch(
          new RegExp(`^${check}: false pass \\d+\\.\\d{2} % false fail \\d+\\.\\d{2} % \\(nominal 2\\.50 %\\), mean samples to a decision \\d+ at ±20 % .*\\[${rule}, \\d+ repetitions\\]$`, 'm'),
        );
      }
    }
    expect(result.stdout).toMatch(/^load\.p95: .*clear pass after \d+\.\d loads/m);
  });

  it('bench/startup prints start-up and parent RSS ratios to bare node with their goals', () => {
    const result = bench('startup.mjs', ['--runs', '2']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^--help +\d+ ms {2}\d+\.\d{2}× \(goal ≤ 3×\) (MET|NOT MET)$/m);
    expect(result.stdout).toMatch(/^--version +\d+ ms {2}\d+\.\d{2}× \(goal ≤ 3×\) (MET|NOT MET)$/m);
    expect(result.stdout).toMatch(/^parent peak RSS +\d+\.\d MB while workers measure, bare node \d+\.\d MB {2}\d+\.\d{2}× \(goal ≤ 2×\) (MET|NOT MET)$/m);
  });

  it('bench/regression-self-test prints detection and false-positive rates with their goals', () => {
    const result = bench('regression-self-test.mjs', ['--runs', '2', '--repeat', '2', '--repetitions', '20', '--min-time', '0.2s', '--max-time', '1s', '--fixture', 'tiny-mlp']);
    expect(result.stderr).toBe('\rmeasured run 1 of 2\rmeasured run 2 of 2\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/measured\s+2 runs × 2 inference workers; run medians \d+\.\d µs, \d+\.\d µs/);
    expect(result.stdout).toMatch(/noise\s+between workers σw \d+\.\d % \(SD of log medians\); run shifts vs run 1 1\.000×, \d\.\d{3}×/);
    expect(result.stdout).toMatch(/one baseline +slowdown 20 % {2}flagged: p50 \d+\.\d %, p99 \d+\.\d %, either \d+\.\d %/);
    expect(result.stdout).toMatch(/any two runs +slowdown {2}0 % {2}flagged: p50 \d+\.\d %/);
    expect(result.stdout).toMatch(/t interval +\(the previous gate, same runs\) detection \d+\.\d %, false positives \d+\.\d %/);
    expect(result.stdout).toMatch(/detection \(20 %, p50\)\s+\d+\.\d % \(goal ≥ 95 %\) (MET|NOT MET)/);
    expect(result.stdout).toMatch(/false positives \(0 %\)\s+\d+\.\d % \(goal ≤ 1 %\) (MET|NOT MET)/);
  });
});
