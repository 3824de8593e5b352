// Start-up time and the parent process's footprint, each beside bare node measured in the same
// run (goals: --help and --version ≤ 3× bare node; parent peak RSS while workers measure ≤ 2× bare
// node's).
//
//   npm run bench:startup [-- --runs 15]
//
// Times are wall-clock means over --runs alternating runs (after one warm-up each). The parent's
// RSS is read from /proc/<pid>/status every 20 ms during a real measuring run of the tiny model on
// node-wasm: its peak while the parent has child processes (the workers, which are not counted),
// and its whole-run peak (VmHWM), which includes building the report at the end.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
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

function hasChildProcess(pid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field of /proc/<pid>/stat, after the command in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return true;
    } catch {
      // That process ended while we looked.
    }
  }
  return false;
}

/**
 * Whole-run peak (VmHWM) and the peak of the RSS readings taken while the process has a child
 * (its workers are child processes, so that is "while workers measure"), read every 20 ms.
 */
function peakRssBytes(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    let peakKb = 0;
    let measuringPeakKb = 0;
    const read = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
        if (hasChildProcess(child.pid)) measuringPeakKb = Math.max(measuringPeakKb, Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        // The process is gone; the last reading stands.
      }
    };
    const timer = setInterval(read, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve({ peakBytes: peakKb * 1024, measuringPeakBytes: measuringPeakKb * 1024 });
    });
  });
}

const out = mkdtempSync(path.join(os.tmpdir(), 'wtb-startup-'));
const { peakBytes: bareRss } = await peakRssBytes(['-e', 'setTimeout(() => {}, 1000)']);
const { peakBytes: parentRss, measuringPeakBytes: parentMeasuringRss } = await peakRssBytes([
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
console.log(`parent peak RSS   ${mb(parentMeasuringRss)} while workers measure, bare node ${mb(bareRss)}  ${verdict(parentMeasuringRss / bareRss, 2)}`);
console.log(`                  ${mb(parentRss)} over the whole run, report building included (${(parentRss / bareRss).toFixed(2)}×)`);
