import type { RuntimeName } from '../types.js';
import type { RuntimeLauncher } from './measurement.js';

/**
 * Each launcher is imported when its runtime is first opened: a run on node-wasm alone does not
 * carry the Chrome launcher (and what it imports) in the parent process while workers measure.
 */
function importedOnOpen(load: () => Promise<RuntimeLauncher>): RuntimeLauncher {
  return { open: async (config, env) => (await load()).open(config, env) };
}

export const RUNTIME_LAUNCHERS: Record<RuntimeName, RuntimeLauncher> = {
  'node-wasm': importedOnOpen(async () => (await import('./node/launcher.js')).nodeWasmLauncher),
  'chrome-wasm': importedOnOpen(async () => (await import('./chrome-wasm/launcher.js')).chromeWasmLauncher),
  'node-native': importedOnOpen(async () => (await import('./node/launcher.js')).nodeNativeLauncher),
};
