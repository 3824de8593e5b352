/**
 * The run settings an A/B side may set for itself with --a / --b, by flag name: how the model
 * runs (and with which onnxruntime), never what is judged or for how long. Apart from ab-side-settings.ts so --help stays light.
 */
export const AB_SIDE_SETTING_NAMES = ['threads', 'runtime-adapter', 'graph-optimization', 'ort-web', 'ort-node'] as const;
