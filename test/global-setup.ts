/**
 * One temp folder for the whole test run, removed at its end: tests make their folders inside it
 * (tempDir in helpers/cli.ts), so runs do not pile folders up in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testTempRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'wtb-tests-'));
  project.provide('testTempRoot', root);
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
