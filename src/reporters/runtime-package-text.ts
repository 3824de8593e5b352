/** How reports name the onnxruntime packages a run measured, and where each came from. */
import type { Environment, TrialResult } from '../report/schema.js';

export type RuntimePackageFact = NonNullable<Environment['onnxruntimeWeb']>;

/** "the project's", "as chosen", "bundled with wasm-torch-bench". */
export function packageSourceText(fact: RuntimePackageFact): string {
  if (fact.source === 'project') return "the project's";
  if (fact.source === 'setting') return 'as chosen';
  return 'bundled with wasm-torch-bench';
}

/** "1.20.1, the project's (/app/node_modules/onnxruntime-web)"; the tool's own without its folder. */
export function versionAndSource(fact: RuntimePackageFact): string {
  return `${fact.version}, ${packageSourceText(fact)}${fact.source === 'bundled' ? '' : ` (${fact.path})`}`;
}

function packageText(name: string, fact: RuntimePackageFact): string {
  return `${name} ${versionAndSource(fact)}`;
}

/** Each package the rows ran, named with its source; none in reports from before --ort-web. */
export function measuredPackages(environment: Environment): string[] {
  return [
    ...(environment.onnxruntimeWeb ? [packageText('onnxruntime-web', environment.onnxruntimeWeb)] : []),
    ...(environment.onnxruntimeNode ? [packageText('onnxruntime-node', environment.onnxruntimeNode)] : []),
  ];
}

/** The package a row ran: onnxruntime-node for node-native, else onnxruntime-web (none with an adapter). */
export function rowPackage(result: Pick<TrialResult, 'runtime'>, environment: Environment): RuntimePackageFact | null {
  if (environment.adapter && result.runtime !== 'node-native') return null;
  return (result.runtime === 'node-native' ? environment.onnxruntimeNode : environment.onnxruntimeWeb) ?? null;
}
