/**
 * The per-block ratios B / A behind each A/B check, with when each block ended: the points an
 * A/B plot draws. The arithmetic is the gate's own (gate/ab-judge.ts), so the plot shows exactly
 * the ratios the verdict was made from; reporters reach it through here, not the gate.
 */
import { blockRatios, LOAD_METRICS, type AbMetric } from '../gate/ab-judge.js';
import type { AbRow } from './ab-schema.js';

export type AbCheckId = AbRow['checks'][number]['id'];

export interface BlockRatioPoint {
  /** When the block ended, from the start of this runtime's A/B run. */
  endedAtMs: number;
  ratio: number;
}

export function metricOfCheck(id: AbCheckId): AbMetric {
  return id.slice('ab.'.length) as AbMetric;
}

/** One point per block that gave the metric a ratio; blocks without one (a side not measured) are left out, as the judge leaves them out. */
export function blockRatioPoints(row: Pick<AbRow, 'loadBlocks' | 'inferenceBlocks'>, id: AbCheckId): BlockRatioPoint[] {
  const metric = metricOfCheck(id);
  const blocks = LOAD_METRICS.includes(metric) ? row.loadBlocks : row.inferenceBlocks;
  const ratios = blockRatios(metric, row.loadBlocks, row.inferenceBlocks);
  return blocks.flatMap((block, index) => {
    const ratio = ratios[index];
    return ratio !== undefined && Number.isFinite(ratio) && ratio > 0 ? [{ endedAtMs: block.endedAtMs, ratio }] : [];
  });
}
