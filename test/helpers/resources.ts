/**
 * What a run leaves behind, seen from outside: processes (found by a mark in their environment,
 * which every child inherits), the ports they listen on, and files in a TMPDIR given to the run.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The environment variable that marks a run's processes (not WTB_-prefixed: it is no setting). */
export const MARK_VARIABLE = 'TEST_RESOURCE_MARK';

export function newMark(): string {
  return randomUUID();
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return null; // the process ended while we looked, or is not ours to read
  }
}

/** Live processes carrying the mark, with their command lines. */
export function markedProcesses(mark: string): { pid: number; command: string }[] {
  const needle = `${MARK_VARIABLE}=${mark}\0`;
  const found: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const environ = readOrNull(`/proc/${name}/environ`);
    if (!environ?.includes(needle)) continue;
    const status = readOrNull(`/proc/${name}/status`) ?? '';
    if (/^State:\s+Z/m.test(status)) continue; // a zombie holds nothing but its exit status
    found.push({ pid: Number(name), command: (readOrNull(`/proc/${name}/cmdline`) ?? '').replaceAll('\0', ' ').trim() });
  }
  return found;
}

/** Listening TCP sockets by inode → port, from /proc/net/tcp and tcp6. */
function listeningSockets(): Map<string, number> {
  const sockets = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readOrNull(table) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (state !== '0A' || !local || !inode) continue; // 0A: LISTEN
      sockets.set(inode, Number.parseInt(local.split(':').at(-1) ?? '0', 16));
    }
  }
  return sockets;
}

/** The TCP ports these processes listen on. */
export function listeningPortsOf(pids: readonly number[]): number[] {
  const sockets = listeningSockets();
  const ports = new Set<number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const port = inode ? sockets.get(inode) : undefined;
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports];
}

/** Of these ports, the ones something still listens on. */
export function stillListening(ports: readonly number[]): number[] {
  const open = new Set(listeningSockets().values());
  return ports.filter((port) => open.has(port));
}

/**
 * Waits until no process carries the mark, polling: a killed process takes a moment to be reaped.
 * Resolves with what is still alive after `limitMs` (empty when all are gone).
 */
export async function markedProcessesAfter(mark: string, limitMs: number): Promise<{ pid: number; command: string }[]> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const alive = markedProcesses(mark);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
