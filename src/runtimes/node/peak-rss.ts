/**
 * The worker's resident set: now, its peak, and resetting the peak so that it measures from an
 * idle baseline (measurement.md: node-native's memory.peak is RSS growth over the worker with the
 * runtime loaded and no model). Linux resets VmHWM by writing 5 to /proc/self/clear_refs;
 * elsewhere the peak cannot be reset and counts from process start (an over-estimate).
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusKiB(field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Starts a fresh peak at the current RSS; returns that RSS (bytes): the idle baseline. */
export function resetPeakRss(): number {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the peak keeps counting from process start.
  }
  return currentRssBytes();
}

/** Resident set (bytes) now. */
export function currentRssBytes(): number {
  return (statusKiB('VmRSS') ?? 0) * 1024 || process.memoryUsage().rss;
}

/** Peak RSS (bytes) since the last reset (or since start where a reset is impossible). */
export function peakRssBytes(): number {
  const hwmKiB = statusKiB('VmHWM');
  // maxRSS is in KiB on Linux and macOS.
  return (hwmKiB ?? process.resourceUsage().maxRSS) * 1024;
}
