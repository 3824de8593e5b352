/** Debian's real Prometheus Pushgateway on a free loopback port, without persistence. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.js';

export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';
const READY_WITHIN_MS = 15_000;
const POLL_MS = 50;

export interface RunningPushgateway {
  url: string;
  /** GET /metrics: everything the gateway holds, in the text format. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPushgateway(): Promise<RunningPushgateway> {
  if (!existsSync(PUSHGATEWAY_BIN)) throw new Error(`${PUSHGATEWAY_BIN} is missing; apt-get install prometheus-pushgateway`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + READY_WITHIN_MS;
  while (!(await answers(`${url}/-/ready`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the Pushgateway did not get ready on ${url}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    url,
    async metrics() {
      const response = await fetch(`${url}/metrics`);
      if (!response.ok) throw new Error(`GET ${url}/metrics: ${response.status}`);
      return response.text();
    },
    stop,
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
