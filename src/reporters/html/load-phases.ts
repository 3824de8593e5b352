/** The three phases of a cold load, their colours, and their legend. */
import { rect, text, textWidthPx, type Frame } from './svg.js';

export const LOAD_PHASES = [
  ['readMs', 'read', 'phase-read'],
  ['runtimeInitMs', 'runtime init', 'phase-init'],
  ['sessionCreateMs', 'session create', 'phase-create'],
] as const;

export function phaseLegend(box: Frame, yPx: number): string[] {
  const parts: string[] = [];
  let xPx = box.leftPx;
  for (const [, name, className] of LOAD_PHASES) {
    parts.push(rect(xPx, yPx - 9, 10, 10, className), text(xPx + 14, yPx, name, { class: 'legend-label' }));
    xPx += 24 + textWidthPx(name);
  }
  return parts;
}
