import type { RuntimeName } from '../types.js';
import { chromeWasmLauncher } from './chrome-wasm/launcher.js';
import type { RuntimeLauncher } from './measurement.js';
import { nodeNativeLauncher, nodeWasmLauncher } from './node/launcher.js';

export const RUNTIME_LAUNCHERS: Record<RuntimeName, RuntimeLauncher> = {
  'node-wasm': nodeWasmLauncher,
  'chrome-wasm': chromeWasmLauncher,
  'node-native': nodeNativeLauncher,
};
