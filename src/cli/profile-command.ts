/** `wasm-torch-bench profile <model>`: the CLI side (flags, files, printing) of src/profile. */
import path from 'node:path';
import { resolveRunConfig, type RawRunOptions } from '../config/run-config.js';
import { UsageError } from '../errors.js';
import { ensureWritableDir, writeFileAtomic } from '../io/atomic-write.js';
import { runProfile } from '../profile/run-profile.js';
import { renderProfile } from '../reporters/profile-text.js';
import { colorEnabled, terminalStyle } from './style.js';
import { PROFILE_FILE } from './profile-defaults.js';
import { terminalText } from '../reporters/control-chars.js';
import type { CliIo } from './cli-io.js';

export type ProfileFlags = Pick<
  RawRunOptions,
  'runtime' | 'threads' | 'seed' | 'inputShape' | 'inputValue' | 'dim' | 'browserPath' | 'browserWsEndpoint' | 'ortWeb' | 'ortNode' | 'timeout' | 'json'
> & {
  runs: string;
  top: string;
  out: string;
};

function positive(flag: string, text: string, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new UsageError(`${flag} "${text}" must be a whole number from 1 to ${max}, e.g. ${flag} 20`);
  return value;
}

export async function profileCommand(model: string, flags: ProfileFlags, io: CliIo): Promise<number> {
  const runs = positive('--runs', flags.runs, 100_000);
  const top = positive('--top', flags.top, 10_000);
  if (flags.threads?.includes(',')) throw new UsageError(`--threads "${flags.threads}": profile takes one thread setting, e.g. --threads 2`);
  const config = resolveRunConfig([model], { ...flags, runtime: flags.runtime ?? 'node-wasm,chrome-wasm', reporter: 'json', out: flags.out });
  const report = await runProfile(config, {
    beforeProfiling: () => ensureWritableDir(flags.out),
    runs,
    outDir: path.resolve(flags.out),
    env: io.env,
    cwd: io.cwd,
    launchers: io.launchers,
    onRuntime: (runtime, index, total) => io.stderr.write(`[${index}/${total}] profiling ${terminalText(path.basename(model))} on ${runtime} (${runs} runs with the profiler, ${runs} without)\n`),
  });
  const documentPath = path.join(flags.out, PROFILE_FILE);
  await writeFileAtomic(documentPath, `${JSON.stringify(report, null, 2)}\n`);
  const stream = flags.json ? io.stderr : io.stdout;
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  stream.write(renderProfile(report, top, terminalStyle(colorEnabled(stream, io.env))));
  const shown = (file: string) => {
    const relative = path.relative(io.cwd, path.resolve(file));
    return relative && !relative.startsWith('..') ? relative : path.resolve(file);
  };
  const files = [documentPath, ...report.results.flatMap((result) => result.files.map((file) => file.path))].map(shown);
  stream.write(`files: ${files.join(', ')}\n`);
  return report.exitCode;
}
