/** Value → pixel scales, tick choice, and where a threshold goes when it lies beyond the data. Pure. */

export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly rangePx: readonly [number, number];
  readonly log: boolean;
}

export function linearScale(domain: readonly [number, number], rangePx: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = rangePx;
  const spanValue = d1 - d0 || 1;
  const scale = (value: number) => r0 + ((value - d0) / spanValue) * (r1 - r0);
  return Object.assign(scale, { domain, rangePx, log: false });
}

/** Values at or below 0 map to the low end of the range (a log axis cannot show them). */
export function logScale(domain: readonly [number, number], rangePx: readonly [number, number]): Scale {
  const [r0, r1] = rangePx;
  const logLow = Math.log10(domain[0]);
  const logSpan = Math.log10(domain[1]) - logLow || 1;
  const scale = (value: number) => (value <= 0 ? r0 : r0 + ((Math.log10(value) - logLow) / logSpan) * (r1 - r0));
  return Object.assign(scale, { domain, rangePx, log: true });
}

/** 1, 2 or 5 × 10^k steps, about `maxCount` of them, covering [low, high]. */
export function linearTicks(low: number, high: number, maxCount = 6): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / Math.max(1, maxCount - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  // Integer multiples of the step, so 0.1 + 0.2 noise never reaches a label.
  for (let k = Math.ceil(low / step - 1e-9); k * step <= high + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Ticks for a log axis: 1-2-5 per decade, thinned to decades when crowded, linear steps when narrow. */
export function logTicks(low: number, high: number, maxCount = 8): number[] {
  const inRange = (mantissas: readonly number[], everyDecades = 1) => {
    const ticks: number[] = [];
    for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
      if (exponent % everyDecades !== 0) continue;
      for (const mantissa of mantissas) {
        const value = Number((mantissa * 10 ** exponent).toPrecision(12));
        if (value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)) ticks.push(value);
      }
    }
    return ticks;
  };
  for (const mantissas of [[1, 2, 5], [1, 3], [1]] as const) {
    const ticks = inRange(mantissas);
    if (ticks.length <= maxCount) return ticks.length >= 3 ? ticks : linearTicks(low, high, 5).filter((tick) => tick > 0);
  }
  for (let every = 2; ; every++) {
    const ticks = inRange([1], every);
    if (ticks.length <= maxCount) return ticks;
  }
}

/** [low, high] widened by `share` of its span on each side (in log space for log axes). */
export function padDomain(low: number, high: number, log: boolean, share = 0.04): [number, number] {
  if (log) {
    if (!(high > low)) return [low / 1.5, high * 1.5];
    const factor = (high / low) ** share;
    return [low / factor, high * factor];
  }
  if (!(high > low)) return [low - (Math.abs(low) || 1) * 0.5, high + (Math.abs(high) || 1) * 0.5];
  const margin = (high - low) * share;
  return [low - margin, high + margin];
}

export type Placement = 'inside' | 'above' | 'below';

export interface FittedDomain {
  domain: [number, number];
  /** Where the threshold ended up: on the axis, or off it above or below the data. */
  placement: Placement;
}

/**
 * Widens a data domain to hold a threshold when that keeps the data readable, else leaves the
 * domain alone and says which side the threshold is on (the plot then points at it). On a log
 * axis the threshold may add up to a quarter of the data's decades (at least 0.3 decades); on a linear
 * axis starting at 0 it may lie up to `maxStretch`× the data's top.
 */
export function fitThreshold(domain: readonly [number, number], threshold: number, log: boolean, maxStretch = 3): FittedDomain {
  const [low, high] = domain;
  if (threshold >= low && threshold <= high) return { domain: [low, high], placement: 'inside' };
  if (log) {
    if (threshold <= 0) return { domain: [low, high], placement: 'below' };
    const spanDecades = Math.log10(high / low);
    const allowedDecades = Math.max(0.3, spanDecades / 4);
    if (threshold > high) {
      return Math.log10(threshold / high) <= allowedDecades ? { domain: padDomain(low, threshold, true, 0.02), placement: 'inside' } : { domain: [low, high], placement: 'above' };
    }
    return Math.log10(low / threshold) <= allowedDecades ? { domain: padDomain(threshold, high, true, 0.02), placement: 'inside' } : { domain: [low, high], placement: 'below' };
  }
  if (threshold > high) return threshold <= high * maxStretch ? { domain: [low, threshold * 1.04], placement: 'inside' } : { domain: [low, high], placement: 'above' };
  return { domain: [low, high], placement: 'below' };
}
