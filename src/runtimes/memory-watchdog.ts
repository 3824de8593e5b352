/**
 * --memory-limit: the parent polls a worker's resident set (VmRSS in /proc/<pid>/status) and
 * reports the first reading above the limit, so the worker can be killed before it takes the
 * machine down. Linux only: where /proc cannot be read, nothing is watched.
 */
import { readFile } from 'node:fs/promises';
import { formatBytes } from '../format.js';

/** Often enough to catch a worker growing by GBs per second before it grows much further. */
export const WATCH_INTERVAL_MS = 25;

export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface MemoryWatch {
  stop(): void;
}

/**
 * Calls onExceeded once, with the reading, when any of the pids' RSS exceeds limitBytes. `pids`
 * is read at every poll, so a host may add processes as it learns of them.
 */
export function watchMemory(pids: () => readonly number[], limitBytes: number, onExceeded: (pid: number, rssBytes: number) => void): MemoryWatch {
  let stopped = false;
  let polling = false;
  const timer = setInterval(async () => {
    if (polling || stopped) return;
    polling = true;
    try {
      for (const pid of pids()) {
        const rssBytes = await residentBytes(pid);
        if (!stopped && rssBytes !== null && rssBytes > limitBytes) {
          stopped = true;
          clearInterval(timer);
          onExceeded(pid, rssBytes);
          return;
        }
      }
    } finally {
      polling = false;
    }
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** What an OUT_OF_MEMORY record says when the watchdog killed a worker. */
export function memoryLimitMessage(worker: string, rssBytes: number, limitBytes: number): string {
  return `${worker} reached ${formatBytes(rssBytes)} of resident memory, above --memory-limit ${formatBytes(limitBytes)}, and was killed; raise --memory-limit (memoryLimit in the config, WTB_MEMORY_LIMIT), or measure with smaller inputs (--input-shape) or a smaller model`;
}
