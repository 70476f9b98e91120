/**
 * Charts as SVG, rasterised by resvg: line charts of the training curves and the toy scatter plot with
 * the critic's value as filled contour bands (gan_toy.py's plot). The SVG is built here by hand: it is
 * a few rectangles, paths and labels, and no maintained Node charting library renders without a browser.
 */
import { svgToPng } from './png.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toPrecision(3));

export interface Series {
  label: string;
  x: number[];
  y: number[];
  color: string;
}

/** One panel per entry; each panel draws its series over a shared x axis. */
export function lineChartsPng(panels: { title: string; series: Series[] }[], xLabel: string): Buffer {
  const W = 720, panelH = 200, top = 10;
  const H = top + panels.length * (panelH + 30) + 20;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans" font-size="12">`];
  panels.forEach((panel, p) => {
    const y0 = top + p * (panelH + 30) + 20, x0 = 70, pw = W - x0 - 20, ph = panelH - 30;
    const xs = panel.series.flatMap((s) => s.x), ys = panel.series.flatMap((s) => s.y).filter(Number.isFinite);
    if (xs.length === 0 || ys.length === 0) return;
    const xmin = Math.min(...xs), xmax = Math.max(...xs, xmin + 1);
    let ymin = Math.min(...ys), ymax = Math.max(...ys);
    if (ymax - ymin < 1e-12) [ymin, ymax] = [ymin - 1, ymax + 1];
    const sx = (v: number) => x0 + ((v - xmin) / (xmax - xmin)) * pw;
    const sy = (v: number) => y0 + ph - ((v - ymin) / (ymax - ymin)) * ph;
    parts.push(`<text x="${x0}" y="${y0 - 6}" font-weight="bold">${esc(panel.title)}</text>`);
    parts.push(`<rect x="${x0}" y="${y0}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (let k = 0; k <= 4; k++) {
      const v = ymin + ((ymax - ymin) * k) / 4;
      parts.push(`<line x1="${x0}" x2="${x0 + pw}" y1="${sy(v)}" y2="${sy(v)}" stroke="#eee"/>`);
      parts.push(`<text x="${x0 - 5}" y="${sy(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
    }
    parts.push(`<text x="${x0}" y="${y0 + ph + 14}">${fmt(xmin)}</text><text x="${x0 + pw}" y="${y0 + ph + 14}" text-anchor="end">${fmt(xmax)} ${esc(xLabel)}</text>`);
    panel.series.forEach((s, k) => {
      const pts = s.x.map((x, i) => [x, s.y[i]]).filter(([, y]) => Number.isFinite(y));
      if (pts.length === 0) return;
      const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
      parts.push(`<text x="${x0 + pw - 5}" y="${y0 + 14 + 14 * k}" text-anchor="end" fill="${s.color}">${esc(s.label)}</text>`);
    });
  });
  parts.push('</svg>');
  return svgToPng(parts.join(''));
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
