/**
 * Charts as SVG, rasterised by resvg: line charts of the training curves and the toy scatter plot with
 * the critic's value as filled contour bands (gan_toy.py's plot). The SVG is built here by hand: it is
 * a few rectangles, paths and labels, and no maintained Node charting library renders without a browser.
 * The axes (round ticks, log scale, the y-range) and the smoothing are the dashboard's: lib/render/ranges.ts.
 */
import { svgToPng } from './png.js';
import { axisNote, xAxis, yAxis } from './ranges.js';
import { smoothEma, smoothingTau } from './smoothing.js';
import { formatTicks } from './ticks.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export interface Series {
  label: string;
  x: number[];
  y: number[];
  color: string;
}

export interface LineChartOptions {
  /** EMA time constant as a share of the x span (0: raw curves only); the raw curve stays faint behind */
  smoothing?: number;
}

/** Smoothing of the PNG plots: a time constant of 1% of the run. */
export const DEFAULT_SMOOTHING = 0.01;
/** Curves with fewer points than this are drawn raw: a held-out point every 100 iterations needs no smoothing. */
const SMOOTH_MIN_POINTS = 50;

/** One panel per entry; each panel draws its series over a shared x axis. */
export function lineChartsPng(panels: { title: string; series: Series[] }[], xLabel: string, opts: LineChartOptions = {}): Buffer {
  const smoothing = opts.smoothing ?? DEFAULT_SMOOTHING;
  const W = 720, panelH = 210, top = 10;
  const H = top + panels.length * (panelH + 30) + 10;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans" font-size="12">`];
  panels.forEach((panel, p) => {
    const y0 = top + p * (panelH + 30) + 20, x0 = 70, pw = W - x0 - 20, ph = panelH - 44;
    let xmin = Infinity, xmax = -Infinity; // a loop, not Math.min(...xs): a long run has more points than a call has arguments
    for (const s of panel.series) for (const v of s.x) [xmin, xmax] = [Math.min(xmin, v), Math.max(xmax, v)];
    const ya = yAxis(panel.series);
    if (xmin > xmax || !ya) return;
    const xa = xAxis(xmin, xmax);
    const ty = (v: number) => (ya.log ? Math.log10(v) : v);
    const sx = (v: number) => x0 + ((v - xa.min) / (xa.max - xa.min)) * pw;
    const sy = (v: number) => y0 + ph - ((ty(v) - ty(ya.min)) / (ty(ya.max) - ty(ya.min))) * ph;
    parts.push(`<text x="${x0}" y="${y0 - 6}" font-weight="bold">${esc(panel.title)}</text>`);
    parts.push(`<clipPath id="p${p}"><rect x="${x0}" y="${y0}" width="${pw}" height="${ph}"/></clipPath>`);
    parts.push(`<rect x="${x0}" y="${y0}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    formatTicks(ya.ticks, ya.log).forEach((label, k) => {
      const y = sy(ya.ticks[k]).toFixed(1);
      parts.push(`<line x1="${x0}" x2="${x0 + pw}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${x0 - 5}" y="${Number(y) + 4}" text-anchor="end">${label}</text>`);
    });
    formatTicks(xa.ticks).forEach((label, k) => {
      const x = sx(xa.ticks[k]).toFixed(1);
      parts.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + ph}" stroke="#f2f2f2"/><line x1="${x}" x2="${x}" y1="${y0 + ph}" y2="${y0 + ph + 4}" stroke="#999"/>`);
      parts.push(`<text x="${x}" y="${y0 + ph + 16}" text-anchor="middle">${label}</text>`);
    });
    parts.push(`<text x="${x0 + pw / 2}" y="${y0 + ph + 31}" text-anchor="middle" fill="#444">${esc(xLabel)}</text>`);
    const note = axisNote(ya);
    if (note) parts.push(`<text x="${x0 + pw}" y="${y0 + ph + 31}" text-anchor="end" fill="#888" font-size="11">${esc(note)}</text>`);
    parts.push(`<g clip-path="url(#p${p})">`);
    panel.series.forEach((s) => {
      const smooth = smoothing > 0 && s.y.length >= SMOOTH_MIN_POINTS;
      parts.push(linePath(s.x, s.y, sx, sy, s.color, smooth ? 0.25 : 1));
      if (smooth) parts.push(linePath(s.x, smoothEma(s.x, s.y, smoothingTau(smoothing, xa.max - xa.min)), sx, sy, s.color, 1));
    });
    parts.push('</g>');
    let lx = x0 + pw - 5;
    for (const s of [...panel.series].reverse()) {
      parts.push(`<text x="${lx}" y="${y0 - 6}" text-anchor="end" fill="${s.color}">${esc(s.label)}</text>`);
      lx -= 12 + 7 * s.label.length;
    }
  });
  parts.push('</svg>');
  return svgToPng(parts.join(''));
}

/**
 * A curve as an SVG path, with at most two points per pixel column (the first and last extreme of
 * the column, in order), so a million-point run draws as fast as a short one and spikes still show.
 */
function linePath(x: number[], y: (number | null)[], sx: (v: number) => number, sy: (v: number) => number, color: string, opacity: number): string {
  const pts: [number, number][] = [];
  let col = NaN, lo: [number, number] | null = null, hi: [number, number] | null = null;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) pts.push([col, lo[1]]);
    else pts.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]).map(([, py]) => [col, py] as [number, number]));
  };
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || !Number.isFinite(v)) continue;
    const px = Math.round(sx(x[i]) * 2) / 2, py = sy(v);
    if (px !== col) {
      flush();
      col = px;
      lo = hi = [i, py];
    } else {
      if (py < lo![1]) lo = [i, py];
      if (py > hi![1]) hi = [i, py];
    }
  }
  flush();
  if (pts.length === 0) return '';
  const d = pts.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="${opacity}" stroke-linejoin="round"/>`;
}

/**
 * Real (orange) and generated (green) points over the critic's value on a grid, drawn as 12 filled
 * bands of equal value range (a filled contour plot).
 */
export function toyScatterPng(
  real: Float32Array,
  fake: Float32Array,
  critic: { grid: Float32Array; size: number; extent: number } | null,
  title: string,
): Buffer {
  const S = 600, pad = 30, extent = critic?.extent ?? 2;
  const map = (v: number) => pad + ((v + extent) / (2 * extent)) * (S - 2 * pad);
  const mapY = (v: number) => S - map(v);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" font-family="DejaVu Sans" font-size="12">`];
  if (critic) {
    const { grid, size } = critic;
    let lo = Infinity, hi = -Infinity;
    for (const v of grid) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const cell = (S - 2 * pad) / size, bands = 12;
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const band = Math.min(bands - 1, Math.floor(((grid[i * size + j] - lo) / Math.max(hi - lo, 1e-12)) * bands));
        const shade = Math.round(235 - (band / (bands - 1)) * 150);
        // grid row i is y (from -extent up), column j is x
        parts.push(`<rect x="${(pad + j * cell).toFixed(2)}" y="${(S - pad - (i + 1) * cell).toFixed(2)}" width="${(cell + 0.5).toFixed(2)}" height="${(cell + 0.5).toFixed(2)}" fill="rgb(${shade},${shade},${Math.min(255, shade + 20)})"/>`);
      }
  }
  const dots = (pts: Float32Array, color: string) => {
    for (let i = 0; i + 1 < pts.length; i += 2) parts.push(`<circle cx="${map(pts[i]).toFixed(1)}" cy="${mapY(pts[i + 1]).toFixed(1)}" r="2" fill="${color}" fill-opacity="0.7"/>`);
  };
  parts.push(`<clipPath id="plot"><rect x="${pad}" y="${pad}" width="${S - 2 * pad}" height="${S - 2 * pad}"/></clipPath><g clip-path="url(#plot)">`);
  dots(real, '#ff8c00');
  dots(fake, '#1a9641');
  parts.push('</g>');
  parts.push(`<rect x="${pad}" y="${pad}" width="${S - 2 * pad}" height="${S - 2 * pad}" fill="none" stroke="#666"/>`);
  parts.push(`<text x="${pad}" y="18" font-weight="bold">${esc(title)}</text>`);
  parts.push(`<text x="${S - pad}" y="18" text-anchor="end"><tspan fill="#ff8c00">real</tspan>  <tspan fill="#1a9641">generated</tspan>  shading: critic value</text>`);
  parts.push('</svg>');
  return svgToPng(parts.join(''));
}
