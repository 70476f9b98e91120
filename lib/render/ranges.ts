/**
 * The axes of a metric's chart: linear or log, the y-range, round ticks. One early spike (the first
 * iterations of a GAN often sit far from where it settles) would squeeze the rest of the curve into a
 * line, so the y-range leaves out the first few percent of iterations when including them would take
 * more than half of the height from the rest; the chart then says so. Shared by the PNG charts and
 * the dashboard page.
 */
import { formatTick, linearTicks, logExtent, logTicks, niceExtent } from './ticks.js';

export interface CurveData {
  x: ArrayLike<number>;
  y: ArrayLike<number | null>;
}

export interface Axis {
  log: boolean;
  min: number;
  max: number;
  ticks: number[];
}

export interface YAxis extends Axis {
  /** iterations before this were left out of the y-range (null: everything is in range) */
  leftOutBefore: number | null;
}

/** The share of the iterations that may be left out of the y-range. */
export const EARLY_SHARE = 0.05;
/** Log scale when every value is positive and the largest is at least this many times the smallest. */
export const LOG_RATIO = 100;

export function xAxis(min: number, max: number, target = 6): Axis {
  const [lo, hi] = max > min ? [min, max] : [min, min + 1];
  const ticks = linearTicks(lo, hi, target);
  return { log: false, min: lo, max: hi, ticks };
}

/** The y axis that shows every curve readably (log where they span decades; see the file comment). */
export function yAxis(curves: CurveData[], opts: { earlyShare?: number; target?: number; allowLog?: boolean } = {}): YAxis | null {
  const share = opts.earlyShare ?? EARLY_SHARE;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const c of curves)
    for (let i = 0; i < c.y.length; i++) {
      const v = c.y[i];
      if (v === null || !Number.isFinite(v)) continue;
      xmin = Math.min(xmin, c.x[i]);
      xmax = Math.max(xmax, c.x[i]);
      ymin = Math.min(ymin, v);
      ymax = Math.max(ymax, v);
    }
  if (ymin > ymax) return null;
  const log = (opts.allowLog ?? true) && ymin > 0 && ymax / ymin >= LOG_RATIO;
  const t = log ? Math.log10 : (v: number) => v;
  // the range of the values after the early share of the iterations
  const cut = xmin + share * (xmax - xmin);
  let rmin = Infinity, rmax = -Infinity;
  for (const c of curves)
    for (let i = 0; i < c.y.length; i++) {
      const v = c.y[i];
      if (v === null || !Number.isFinite(v) || c.x[i] <= cut) continue;
      rmin = Math.min(rmin, v);
      rmax = Math.max(rmax, v);
    }
  const squeezed = rmin < rmax && t(ymax) - t(ymin) > 2 * (t(rmax) - t(rmin));
  const [lo, hi] = squeezed ? [rmin, rmax] : [ymin, ymax];
  if (log) {
    const [min, max] = logExtent(lo, hi);
    return { log, min, max, ticks: logTicks(min, max), leftOutBefore: squeezed ? cut : null };
  }
  const [min, max] = niceExtent(lo, hi, opts.target ?? 5);
  return { log, min, max, ticks: linearTicks(min, max, opts.target ?? 5), leftOutBefore: squeezed ? cut : null };
}

/** What the reader must know about a y axis: log scale, and which iterations its range leaves out. */
export function axisNote(ya: YAxis): string {
  const notes = [];
  if (ya.log) notes.push('log scale');
  if (ya.leftOutBefore !== null) {
    const cut = Number(ya.leftOutBefore.toPrecision(2)); // "iterations < 250", not < 249.95
    notes.push(`y-range leaves out iterations < ${formatTick(cut, 10 ** (Math.floor(Math.log10(Math.abs(cut) || 1)) - 1))} (off the chart)`);
  }
  return notes.join('; ');
}
