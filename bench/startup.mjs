// Start-up time and the parent process's footprint, each beside bare node measured in the same
// run (goals: --help and --version ≤ 3× bare node; parent peak RSS while workers measure ≤ 2× bare
// node's).
//
//   npm run bench:startup [-- --runs 15]
//
// Times are wall-clock means over --runs alternating runs (after one warm-up each). The parent's
// peak RSS is VmHWM from /proc/<pid>/status, read every 20 ms until the process exits, for a real
// measuring run of the tiny model on node-wasm (the workers are other processes and not counted).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const bin = new URL('../bin/wasm-torch-bench.js', import.meta.url).pathname;
const model = new URL('../fixtures/models/tiny-mlp.onnx', import.meta.url).pathname;

const commands = {
  'bare node': ['-e', '0'],
  '--help': [bin, '--help'],
  '--version': [bin, '--version'],
};

function timeOnce(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

const totals = Object.fromEntries(Object.keys(commands).map((name) => [name, 0]));
for (const args of Object.values(commands)) timeOnce(args);
for (let round = 0; round < runs; round++) {
  for (const [name, args] of Object.entries(commands)) totals[name] += timeOnce(args);
}
const meanMs = Object.fromEntries(Object.entries(totals).map(([name, total]) => [name, total / runs]));

function peakRssBytes(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    let peakKb = 0;
    const read = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process is gone; the last reading stands.
      }
    };
    const timer = setInterval(read, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve(peakKb * 1024);
    });
  });
}

const out = mkdtempSync(path.join(os.tmpdir(), 'wtb-startup-'));
const bareRss = await peakRssBytes(['-e', 'setTimeout(() => {}, 1000)']);
const parentRss = await peakRssBytes([
  bin,
  model,
  '--runtime',
  'node-wasm',
  '--load-runs',
  '3',
  '--max-load-runs',
  '3',
  '--min-time',
  '1s',
  '--max-time',
  '1s',
  '--inconclusive',
  'warn',
  '--quiet',
  '--out',
  out,
]);
rmSync(out, { recursive: true, force: true });

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (ratio, goal) => `${ratio.toFixed(2)}× (goal ≤ ${goal}×) ${ratio <= goal ? 'MET' : 'NOT MET'}`;
console.log(`node ${process.version}, ${runs} alternating runs each`);
console.log(`bare node         ${meanMs['bare node'].toFixed(0)} ms`);
console.log(`--help            ${meanMs['--help'].toFixed(0)} ms  ${verdict(meanMs['--help'] / meanMs['bare node'], 3)}`);
console.log(`--version         ${meanMs['--version'].toFixed(0)} ms  ${verdict(meanMs['--version'] / meanMs['bare node'], 3)}`);
console.log(`parent peak RSS   ${mb(parentRss)} while workers measure, bare node ${mb(bareRss)}  ${verdict(parentRss / bareRss, 2)}`);
