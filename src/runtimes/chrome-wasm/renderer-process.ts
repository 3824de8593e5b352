/**
 * The renderer process behind a page, for its peak RSS. Chromium lists its processes over CDP
 * (SystemInfo.getProcessInfo) without saying which target owns which, and a new context brings
 * up to three new renderers (the initial about:blank one, the site's, a spare). The page's is the
 * new renderer that did the work: after the job it has used by far the most CPU time.
 */
import { readFile } from 'node:fs/promises';
import type { CDPSession } from 'puppeteer-core';

interface ProcessInfo {
  type: string;
  id: number;
  /** Seconds of CPU time. */
  cpuTime: number;
}

async function isBrowserUiRenderer(pid: number): Promise<boolean> {
  try {
    // Chromium rewrites its process title, so the arguments may be space- rather than NUL-separated.
    return /(^|[\s\0])--top-chrome-webui([\s\0]|$)/.test(await readFile(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** CPU seconds used so far by each web-content renderer process (Chrome's own UI excluded), by pid. */
export async function rendererCpuTimes(browserSession: CDPSession): Promise<Map<number, number>> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
  const renderers = processInfo.filter((info) => info.type === 'renderer');
  const ui = await Promise.all(renderers.map((info) => isBrowserUiRenderer(info.id)));
  return new Map(renderers.filter((_, i) => !ui[i]).map((info) => [info.id, info.cpuTime]));
}

/**
 * The renderer that appeared after `before` and used the most CPU, provided it clearly dominates
 * (more than twice the runner-up); null when that is ambiguous.
 */
export function busiestNewRenderer(before: ReadonlySet<number>, after: ReadonlyMap<number, number>): number | null {
  const candidates = [...after].filter(([pid]) => !before.has(pid)).sort((a, b) => b[1] - a[1]);
  const [first, second] = candidates;
  if (!first || first[1] <= 0) return null;
  if (second && first[1] <= 2 * second[1]) return null;
  return first[0];
}

async function statusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) of a local process, or null when it cannot be read. */
export function peakRssBytes(pid: number): Promise<number | null> {
  return statusBytes(pid, 'VmHWM');
}

/** Resident set size now (VmRSS) of a local process, or null when it cannot be read. */
export function residentBytes(pid: number): Promise<number | null> {
  return statusBytes(pid, 'VmRSS');
}
