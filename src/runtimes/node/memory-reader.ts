/**
 * What a Node worker sees of its own memory between retained-memory cycles: a full garbage
 * collection on demand (V8's gc(), exposed only now, after everything timed has run, so no flag
 * changes the process that measured), the JS heap in use plus ArrayBuffer backing stores, and the
 * resident set.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { MemoryReader } from '../../harness/measure-retained.js';
import { currentRssBytes } from './peak-rss.js';

function exposedGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    // A new context picks the flag up; its gc() collects the whole isolate.
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

export function nodeMemoryReader(): MemoryReader {
  const gc = exposedGc();
  return {
    collectGarbage: async () => {
      if (!gc) return false;
      gc();
      return true;
    },
    read: async () => {
      const usage = process.memoryUsage();
      return { jsBytes: usage.heapUsed + usage.arrayBuffers, rssBytes: currentRssBytes() };
    },
  };
}
