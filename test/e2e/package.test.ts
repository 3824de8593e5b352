/** `npm pack` gives a tarball that installs and runs with npx from another folder. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

describe('the packed tarball', () => {
  it('installs into an empty project and runs with npx', () => {
    const packDir = tempDir('wtb-pack-');
    execFileSync('npm', ['pack', '--pack-destination', packDir, '--ignore-scripts'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = tempDir('wtb-consumer-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(packDir, tarball as string)], { cwd: project, stdio: 'pipe' });

    const out = path.join(project, 'reports');
    const result = spawnSync('npx', ['--no-install', 'wasm-torch-bench', fixture('tiny-mlp').absolutePath, ...QUICK, '--out', out], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx .* node-wasm ×1/);
    expect(readdirSync(out).sort()).toEqual(['wasm-torch-bench.json', 'wasm-torch-bench.junit.xml']);
  }, 300_000);
});
