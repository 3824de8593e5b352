/**
 * The signal path of the run command through io.signals, in-process: a first SIGINT stops the run
 * and leaves a partial report (exit 130), a second one asks to exit at once. The real process's
 * signals are in test/e2e/interrupts-and-hygiene.test.ts.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { SignalSource } from '../../src/cli/cli-io.js';
import type { RunReport } from '../../src/report/schema.js';
import { simulatedLaunchers } from '../../src/runtimes/simulated/launcher.js';
import { QUICK, readJson, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

it('SIGINT during the second trial: the first is reported, the second listed as not measured, exit 130', async () => {
  let deliver: ((signal: NodeJS.Signals) => void) | null = null;
  const exitsNow: number[] = [];
  const signals: SignalSource = {
    listen(onSignal) {
      deliver = onSignal;
      return () => (deliver = null);
    },
    exitNow: (exitCode) => void exitsNow.push(exitCode),
  };
  let stderr = '';
  const out = tempDir();
  const status = await main([fixture('tiny-mlp').path, fixture('int64-input').path, ...QUICK, '--out', out], {
    stdout: { write: () => true },
    stderr: {
      write(text: string) {
        stderr += text;
        // The second trial has started: the user presses Ctrl-C twice.
        if (text.startsWith('[2/2]')) {
          deliver?.('SIGINT');
          deliver?.('SIGINT');
        }
        return true;
      },
    },
    env: { NO_COLOR: '1' },
    cwd: REPO_ROOT,
    signals,
    launchers: simulatedLaunchers(),
  });
  expect(status).toBe(130);
  expect(exitsNow).toEqual([130]);
  expect(stderr).toContain('SIGINT: stopping: closing workers and the browser, then writing the reports of what was measured');
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(report.partial).toBe(true);
  expect(report.results.map((row) => row.status)).toEqual(['ok', 'skipped']);
  expect(deliver).toBeNull();
});
