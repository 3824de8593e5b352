/** Defaults of `wasm-torch-bench profile`, shared by its help text and the command. */
export const PROFILE_DEFAULTS = { runs: '20', top: '15', out: 'reports/profile' } as const;
export const PROFILE_FILE = 'wasm-torch-bench-profile.json';
