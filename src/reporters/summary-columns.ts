/** The measured columns of a summary table, as the Markdown and HTML reports title them. */
import type { LoadColumn } from './load-temperature.js';

/** Model, runtime, a load column per temperature measured, inference, memory, retained (when any row has it), errors. */
export function summaryColumnTitles(loads: readonly LoadColumn[], withRetained: boolean): string[] {
  return ['Model', 'Runtime', ...loads.map((column) => column.title), 'Infer P50', 'Infer P99', 'Peak memory', ...(withRetained ? ['Retained / cycle'] : []), 'Errors'];
}
