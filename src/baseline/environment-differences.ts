/** Where the machine and software of a baseline differ from now, in words ("cpuModel: A in the baseline, B now"). */
import type { Environment } from '../report/schema.js';

const COMPARED = ['cpuModel', 'cpuCores', 'memoryBytes', 'os', 'arch', 'node', 'onnxruntimeWebVersion', 'onnxruntimeNodeVersion'] as const;

export function environmentDifferences(baseline: Environment, now: Environment): string[] {
  const differences: string[] = [];
  for (const key of COMPARED) {
    if (baseline[key] !== now[key]) differences.push(`${key}: ${String(baseline[key])} in the baseline, ${String(now[key])} now`);
  }
  const [old, current] = [baseline.browser?.version ?? null, now.browser?.version ?? null];
  if (old !== null && current !== null && old !== current) differences.push(`browser: ${old} in the baseline, ${current} now`);
  const adapterText = (environment: Environment) => (environment.adapter ? `adapter ${environment.adapter.name} ${environment.adapter.version ?? '(no version)'}` : 'onnxruntime-web');
  if (adapterText(baseline) !== adapterText(now)) differences.push(`runtime: ${adapterText(baseline)} in the baseline, ${adapterText(now)} now`);
  return differences;
}
