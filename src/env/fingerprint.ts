/** The environment fingerprint every report carries: where and with what the numbers were measured. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from '../report/schema.js';

const require = createRequire(import.meta.url);

function readVersion(packageJsonPath: string): string | null {
  return (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: string }).version ?? null;
}

/** Version of an installed package, found from its entry point (its exports may hide package.json). */
function installedVersion(packageName: string): string | null {
  try {
    let dir = path.dirname(require.resolve(packageName));
    while (dir !== path.dirname(dir)) {
      const candidate = path.join(dir, 'package.json');
      if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === packageName) {
        return readVersion(candidate);
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed
  }
  return null;
}

export function toolVersion(): string {
  return readVersion(new URL('../../package.json', import.meta.url).pathname) ?? '0.0.0';
}

export function captureEnvironment(threads: readonly number[], env: NodeJS.ProcessEnv): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: os.availableParallelism?.() ?? cpus.length,
    memoryBytes: os.totalmem(),
    onnxruntimeWebVersion: installedVersion('onnxruntime-web'),
    onnxruntimeNodeVersion: installedVersion('onnxruntime-node'),
    threads: [...threads],
    ci: Boolean(env.CI && env.CI !== 'false' && env.CI !== '0'),
    browser: null,
    adapter: null,
  };
}
