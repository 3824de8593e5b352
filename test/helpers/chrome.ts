import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The prefix of the user-data-dir the tool gives every browser it launches. */
export const PROFILE_PREFIX = 'wasm-torch-bench-chrome-';

/** Browser processes the tool launched that are still alive (by their profile folder). */
export function liveToolBrowsers(): string[] {
  const result = spawnSync('pgrep', ['-f', PROFILE_PREFIX], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

export function toolProfileDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith(PROFILE_PREFIX));
}

export const CHROMIUM = process.env.WTB_CHROME_PATH ?? '/usr/bin/chromium';

function processesUsing(profile: string): number {
  return spawnSync('pgrep', ['-f', profile], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;
}

/** A browser started outside the tool, for --browser-ws-endpoint; resolves with its endpoint. */
export async function startExternalBrowser(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'wtb-external-browser-'));
  const args = ['--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--remote-debugging-port=0', `--user-data-dir=${profile}`];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child: ChildProcess = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`chromium exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    endpoint,
    async stop() {
      // The profile can only go once the browser has stopped writing to it.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      // SIGKILL ends the browser process, not its helpers (crashpad, utility processes), which may
      // still write into the profile for a moment: end them and wait until none is left.
      spawnSync('pkill', ['-KILL', '-f', profile]);
      for (let waitedMs = 0; processesUsing(profile) > 0 && waitedMs < 5000; waitedMs += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
