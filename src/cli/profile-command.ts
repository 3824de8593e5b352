/** `wasm-torch-bench profile <model>`: the CLI side (flags, files, printing) of src/profile. */
import path from 'node:path';
import { loadConfigFile } from '../config/load-config-file.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { RawRunOptions } from '../config/run-config.js';
import { UsageError } from '../errors.js';
import { ensureWritableDir, writeFileAtomic } from '../io/atomic-write.js';
import { runProfile } from '../profile/run-profile.js';
import { renderProfile } from '../reporters/profile-text.js';
import { colorEnabled, terminalStyle } from './style.js';
import { PROFILE_DEFAULTS, PROFILE_FILE } from './profile-defaults.js';
import { terminalText } from '../reporters/control-chars.js';
import type { CliIo } from './cli-io.js';

/** The settings table's options for profile (settingOptions(…, 'profile')), and its own two. */
export type ProfileFlags = RawRunOptions & {
  config?: string;
  runs: string;
  top: string;
};

function positive(flag: string, text: string, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new UsageError(`${flag} "${text}" must be a whole number from 1 to ${max}, e.g. ${flag} 20`);
  return value;
}

/**
 * Settings resolve as run's do (flags over WTB_* over the config file), with profile's own default
 * folder; `typed`: the options typed on the command line.
 */
export async function profileCommand(model: string, options: ProfileFlags, typed: ReadonlySet<string>, io: CliIo): Promise<number> {
  const { config: configPath, runs: runsText, top: topText, ...flags } = options;
  const runs = positive('--runs', runsText, 100_000);
  const top = positive('--top', topText, 10_000);
  const file = await loadConfigFile(io.cwd, configPath ?? io.env.WTB_CONFIG ?? null);
  const { config, origins } = resolveConfig({ models: [model], flags, typedFlags: typed, env: io.env, file, commandDefaults: { out: PROFILE_DEFAULTS.out } });
  if (config.threads.length > 1) {
    // Named as the user set it: --threads 1,2, WTB_THREADS 1,2 or threads in the config file.
    const where = origins.threads?.at(-1)?.name ?? '--threads';
    throw new UsageError(`${where} "${config.threads.join(',')}": profile takes one thread setting, e.g. --threads 2`);
  }
  const outDir = path.resolve(io.cwd, config.outDir);
  const report = await runProfile(config, {
    beforeProfiling: () => ensureWritableDir(outDir),
    runs,
    outDir,
    env: io.env,
    cwd: io.cwd,
    launchers: io.launchers,
    onRuntime: (runtime, index, total) => io.stderr.write(`[${index}/${total}] profiling ${terminalText(path.basename(model))} on ${runtime} (${runs} runs with the profiler, ${runs} without)\n`),
  });
  const documentPath = path.join(outDir, PROFILE_FILE);
  await writeFileAtomic(documentPath, `${JSON.stringify(report, null, 2)}\n`);
  const stream = config.jsonToStdout ? io.stderr : io.stdout;
  if (config.jsonToStdout) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  stream.write(renderProfile(report, top, terminalStyle(colorEnabled(stream, io.env))));
  const shown = (file: string) => {
    const relative = path.relative(io.cwd, path.resolve(file));
    return relative && !relative.startsWith('..') ? relative : path.resolve(file);
  };
  const files = [documentPath, ...report.results.flatMap((result) => result.files.map((file) => file.path))].map(shown);
  stream.write(`files: ${files.join(', ')}\n`);
  return report.exitCode;
}
