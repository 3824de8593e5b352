/**
 * `wasm-torch-bench ab <A> <B>`: both sides measured as pairs in one run on each runtime, B judged
 * against A; the table, the report files, GitHub's step summary and annotations; the exit code.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runAb } from '../ab-pipeline.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { parseSideSettings, resolveAbConfigs } from '../config/ab-side-settings.js';
import type { RawRunOptions } from '../config/run-config.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { EXIT_RUNTIME, UsageError, exitCodeForSignal } from '../errors.js';
import { ensureWritableDir, writeFileAtomic } from '../io/atomic-write.js';
import { removeOnExit } from '../io/exit-cleanup.js';
import { resolveAbSide } from '../plan/ab-sides.js';
import type { AbReport } from '../report/ab-schema.js';
import { renderAbAnnotations } from '../reporters/ab-annotations.js';
import { renderAbJson } from '../reporters/ab-json.js';
import { renderAbMarkdown } from '../reporters/ab-markdown.js';
import { AB_FILE_REPORTERS, type AbReporterName } from '../reporters/ab-registry.js';
import { renderAbTable } from '../reporters/ab-table.js';
import { AB_DEFAULTS } from './ab-defaults.js';
import type { CliIo, TextOutput } from './cli-io.js';
import { colorEnabled, terminalStyle } from './style.js';

export type AbCommandOptions = RawRunOptions & { config?: string; a?: string[]; b?: string[] };

const AB_REPORTERS = ['table', ...Object.keys(AB_FILE_REPORTERS)];

function checkReporters(config: RunConfig): AbReporterName[] {
  const unsupported = config.reporters.filter((name) => !AB_REPORTERS.includes(name));
  if (unsupported.length > 0) throw new UsageError(`--reporter ${unsupported.join(', ')}: not written by ab; it writes ${AB_REPORTERS.join(', ')}`);
  return config.reporters.filter((name): name is AbReporterName => name in AB_FILE_REPORTERS);
}

async function writeAbReports(report: AbReport, reporters: readonly AbReporterName[], outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const name of reporters) {
    const reporter = AB_FILE_REPORTERS[name];
    const filePath = path.join(outDir, reporter.fileName);
    await writeFileAtomic(filePath, reporter.render(report));
    written.push(filePath);
  }
  return written;
}

/** One plain line per phase, and every 25th block: an A/B run takes minutes and must show it is alive. */
function progressLine(stderr: TextOutput, quiet: boolean) {
  return (runtime: string, threads: number, event: { kind: string; blocks?: number }) => {
    if (quiet) return;
    const row = `${runtime} ×${threads}`;
    if (event.kind === 'start') stderr.write(`ab: ${row}: cold loads in ABBA blocks\n`);
    else if (event.blocks === 1 && event.kind === 'inference-block') stderr.write(`ab: ${row}: inference in ABBA blocks of chunks\n`);
    else if (event.blocks !== undefined && event.blocks % 25 === 0) stderr.write(`ab: ${row}: ${event.blocks} ${event.kind === 'load-block' ? 'load' : 'inference'} blocks\n`);
  };
}

async function publishToGitHub(report: AbReport, io: CliIo): Promise<number> {
  if (io.env.GITHUB_ACTIONS === 'true') for (const line of renderAbAnnotations(report)) io.stderr.write(`${line}\n`);
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (!summary) return report.exitCode;
  try {
    await appendFile(summary, `${renderAbMarkdown(report)}\n`);
    return report.exitCode;
  } catch (error) {
    io.stderr.write(`wasm-torch-bench: cannot append the summary to GITHUB_STEP_SUMMARY (${summary}): ${(error as Error).message}; unset GITHUB_STEP_SUMMARY outside GitHub Actions\n`);
    return Math.max(report.exitCode, EXIT_RUNTIME);
  }
}

export async function abCommand(specA: string, specB: string, options: AbCommandOptions, typed: ReadonlySet<string>, io: CliIo): Promise<number> {
  const { config: configPath, a: settingsA = [], b: settingsB = [], ...flags } = options;
  const sideSettings = { A: parseSideSettings('A', settingsA), B: parseSideSettings('B', settingsB) };
  const file = await loadConfigFile(io.cwd, configPath ?? io.env.WTB_CONFIG ?? null);
  const copies = await mkdtemp(path.join(os.tmpdir(), 'wtb-ab-'));
  const forgetCopies = removeOnExit(copies);
  const controller = new AbortController();
  const stopListening = io.signals?.listen((signal) => {
    if (controller.signal.aborted) io.signals?.exitNow(exitCodeForSignal(signal));
    io.stderr.write(`\nwasm-torch-bench: ${signal}: stopping: closing workers and the browser (again to exit at once)\n`);
    controller.abort(signal);
  });
  try {
    const A = await resolveAbSide('A', specA, io.cwd, copies);
    const B = await resolveAbSide('B', specB, io.cwd, copies);
    const layers = { models: [A.path], flags, typedFlags: typed, env: io.env, file, commandDefaults: { maxTime: AB_DEFAULTS.maxTime, maxRegression: [AB_DEFAULTS.maxRegression] } };
    const configs = resolveAbConfigs(layers, sideSettings);
    const config = configs.run;
    const reporters = checkReporters(config);
    const sides = { A: { side: A, config: configs.A, overrides: sideSettings.A.given }, B: { side: B, config: configs.B, overrides: sideSettings.B.given } };
    const report = await runAb(sides, config, {
      env: { ...io.env },
      cwd: io.cwd,
      launchers: io.launchers,
      signal: controller.signal,
      onEvent: progressLine(io.stderr, config.quiet),
      beforeMeasuring: async () => {
        if (reporters.length > 0) await ensureWritableDir(config.outDir);
      },
    });
    const written = await writeAbReports(report, reporters, config.outDir);
    if (config.jsonToStdout) io.stdout.write(renderAbJson(report));
    if (!config.quiet && config.reporters.includes('table')) {
      const stream = config.jsonToStdout ? io.stderr : io.stdout;
      stream.write(renderAbTable(report, terminalStyle(colorEnabled(stream, io.env))));
      if (written.length > 0) stream.write(`reports: ${written.join(', ')}\n`);
    }
    const exitCode = await publishToGitHub(report, io);
    return controller.signal.aborted ? exitCodeForSignal(String(controller.signal.reason)) : exitCode;
  } finally {
    stopListening?.();
    await rm(copies, { recursive: true, force: true });
    forgetCopies();
  }
}
