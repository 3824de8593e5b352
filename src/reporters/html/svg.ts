/**
 * Hand-written SVG primitives: the accessible frame, axes, text, and label placement. Colours are
 * CSS classes defined by the page's stylesheet, so one drawing serves light and dark mode.
 */
import { escapeXmlText, xmlAttributes } from '../xml.js';
import type { Scale } from './scales.js';

/** Coordinates to 0.1 px: crisp enough on any screen, and short. */
export function px(value: number): string {
  return fromTenths(tenthsOfPx(value));
}

/** A coordinate in whole tenths of a pixel, for relative path steps that must not drift. */
export function tenthsOfPx(value: number): number {
  return Math.round(value * 10);
}

export function fromTenths(tenths: number): string {
  return String(tenths === 0 ? 0 : tenths / 10);
}

export interface Frame {
  widthPx: number;
  heightPx: number;
  /** Plot area inside the margins. */
  leftPx: number;
  rightPx: number;
  topPx: number;
  bottomPx: number;
}

export function frame(widthPx: number, heightPx: number, margins: { leftPx: number; rightPx: number; topPx: number; bottomPx: number }): Frame {
  return { widthPx, heightPx, leftPx: margins.leftPx, rightPx: widthPx - margins.rightPx, topPx: margins.topPx, bottomPx: heightPx - margins.bottomPx };
}

/** The <svg> element: role="img" with a <title> (its accessible name), scaled by its viewBox. */
export function svgDocument(id: string, box: Frame, title: string, body: readonly string[], className = 'plot'): string {
  const titleId = `${id}-title`;
  return [
    `<svg${xmlAttributes({ id, class: className, role: 'img', 'aria-labelledby': titleId, viewBox: `0 0 ${box.widthPx} ${box.heightPx}`, width: box.widthPx, height: box.heightPx })}>`,
    `<title id="${titleId}">${escapeXmlText(title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n');
}

export function text(xPx: number, yPx: number, content: string, attributes: Record<string, string | number | undefined> = {}): string {
  return `<text x="${px(xPx)}" y="${px(yPx)}"${xmlAttributes(attributes)}>${escapeXmlText(content)}</text>`;
}

export function line(x1Px: number, y1Px: number, x2Px: number, y2Px: number, className: string): string {
  return `<path class="${className}" d="M${px(x1Px)} ${px(y1Px)}L${px(x2Px)} ${px(y2Px)}"/>`;
}

export function rect(xPx: number, yPx: number, widthPx: number, heightPx: number, className: string, title?: string): string {
  const shape = `x="${px(xPx)}" y="${px(yPx)}" width="${px(Math.max(0, widthPx))}" height="${px(Math.max(0, heightPx))}"`;
  return title === undefined ? `<rect class="${className}" ${shape}/>` : `<rect class="${className}" ${shape}><title>${escapeXmlText(title)}</title></rect>`;
}

/** A small triangle pointing left, right, up or down, at (xPx, yPx): "the value lies beyond this edge". */
export function arrowHead(xPx: number, yPx: number, direction: 'left' | 'right' | 'up' | 'down', className: string): string {
  const sizePx = 5;
  const lengthPx = sizePx * 1.6;
  const points =
    direction === 'right'
      ? [
          [xPx, yPx],
          [xPx - lengthPx, yPx - sizePx],
          [xPx - lengthPx, yPx + sizePx],
        ]
      : direction === 'left'
        ? [
            [xPx, yPx],
            [xPx + lengthPx, yPx - sizePx],
            [xPx + lengthPx, yPx + sizePx],
          ]
        : direction === 'up'
          ? [
              [xPx, yPx],
              [xPx - sizePx, yPx + lengthPx],
              [xPx + sizePx, yPx + lengthPx],
            ]
          : [
              [xPx, yPx],
              [xPx - sizePx, yPx - lengthPx],
              [xPx + sizePx, yPx - lengthPx],
            ];
  return `<path class="${className}" d="M${points.map(([x, y]) => `${px(x as number)} ${px(y as number)}`).join('L')}Z"/>`;
}

/** Rough advance width of `content` at the plots' 11 px font; enough to keep labels apart. */
export function textWidthPx(content: string): number {
  return content.length * 6.2;
}

export interface AxisOptions {
  ticks: readonly number[];
  format: (value: number) => string;
  label: string;
  /** Draw grid lines across the plot at the ticks. */
  grid?: boolean;
}

export function xAxis(box: Frame, scale: Scale, options: AxisOptions): string[] {
  const parts = [line(box.leftPx, box.bottomPx, box.rightPx, box.bottomPx, 'axis')];
  for (const tick of options.ticks) {
    const xPx = scale(tick);
    if (options.grid !== false) parts.push(line(xPx, box.topPx, xPx, box.bottomPx, 'grid'));
    parts.push(line(xPx, box.bottomPx, xPx, box.bottomPx + 4, 'axis'));
    parts.push(text(xPx, box.bottomPx + 15, options.format(tick), { class: 'tick', 'text-anchor': 'middle' }));
  }
  parts.push(text((box.leftPx + box.rightPx) / 2, box.bottomPx + 31, options.label, { class: 'axis-label', 'text-anchor': 'middle' }));
  return parts;
}

export function yAxis(box: Frame, scale: Scale, options: AxisOptions): string[] {
  const parts = [line(box.leftPx, box.topPx, box.leftPx, box.bottomPx, 'axis')];
  for (const tick of options.ticks) {
    const yPx = scale(tick);
    if (options.grid !== false) parts.push(line(box.leftPx, yPx, box.rightPx, yPx, 'grid'));
    parts.push(line(box.leftPx - 4, yPx, box.leftPx, yPx, 'axis'));
    parts.push(text(box.leftPx - 7, yPx + 3.5, options.format(tick), { class: 'tick', 'text-anchor': 'end' }));
  }
  const middlePx = (box.topPx + box.bottomPx) / 2;
  parts.push(text(13, middlePx, options.label, { class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 13 ${px(middlePx)})` }));
  return parts;
}

export interface PlacedLabel {
  /** Left edge of the text, kept inside the bounds. */
  xPx: number;
  lane: number;
}

/**
 * Places labels centred on their anchors in horizontal lanes so that none overlap: each label
 * takes the first lane where it clears the one before it; when every lane is taken it goes into
 * the lane that ends furthest left, shifted right.
 */
export function placeLabels(labels: readonly { anchorPx: number; widthPx: number }[], lanes: number, minPx: number, maxPx: number): PlacedLabel[] {
  const gapPx = 6;
  const laneEndsPx = Array.from({ length: lanes }, () => Number.NEGATIVE_INFINITY);
  const order = labels.map((label, index) => ({ ...label, index })).sort((a, b) => a.anchorPx - b.anchorPx || a.index - b.index);
  const placed: PlacedLabel[] = new Array(labels.length);
  for (const label of order) {
    const wanted = Math.min(Math.max(label.anchorPx - label.widthPx / 2, minPx), maxPx - label.widthPx);
    let lane = laneEndsPx.findIndex((endPx) => endPx + gapPx <= wanted);
    if (lane === -1) lane = laneEndsPx.indexOf(Math.min(...laneEndsPx));
    const xPx = Math.max(wanted, (laneEndsPx[lane] as number) + gapPx);
    laneEndsPx[lane] = xPx + label.widthPx;
    placed[label.index] = { xPx, lane };
  }
  return placed;
}
