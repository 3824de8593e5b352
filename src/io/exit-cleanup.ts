/**
 * The last resort for a process that exits without closing what it started (a second Ctrl-C, an
 * uncaught error): on 'exit' every child process still tracked is killed and every temp path still
 * tracked is removed. Synchronously, because nothing asynchronous runs after 'exit'.
 */
import { rmSync } from 'node:fs';

const childPids = new Set<number>();
const tempPaths = new Set<string>();
let installed = false;

function cleanUpNow(): void {
  for (const pid of childPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const tempPath of tempPaths) {
    // A killed browser's helpers may still be finishing a write into its profile: retry briefly.
    rmSync(tempPath, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

function install(): void {
  if (installed) return;
  process.once('exit', cleanUpNow);
  installed = true;
}

/** Kills the child if this process exits first; call the returned function once the child is gone. */
export function killOnExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  install();
  childPids.add(pid);
  return () => childPids.delete(pid);
}

/** Removes a temp file or folder if this process exits first; call the returned function once it is removed. */
export function removeOnExit(tempPath: string): () => void {
  install();
  tempPaths.add(tempPath);
  return () => tempPaths.delete(tempPath);
}
