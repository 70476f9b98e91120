/**
 * The page and the files it loads: its own compiled modules (dist/dashboard/page/*.js and the chart
 * helpers it shares with the PNG plots, dist/render/*.js) and uPlot from the installed package, so
 * the page works offline (no CDN). Only these names are served.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageHtml } from './page/html.js';

const DIST = fileURLToPath(new URL('../', import.meta.url));
/** uPlot's dist folder in the installed package (looked up on the first request) */
const uplotFile = (name: string) => join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist', name);
/** dist/render modules the page imports (browser-safe: no Node imports) */
const SHARED = new Set(['ticks', 'ranges', 'smoothing', 'metric-panels']);
const MODULE = /^[\w-]+\.js$/;

export interface Asset {
  type: string;
  body: Buffer | string;
}

/** The asset at a path (segments after the leading slash), or null. */
export async function asset(segments: string[]): Promise<Asset | null> {
  const [area, a, b, ...more] = segments;
  if (segments.length === 0) return { type: 'text/html; charset=utf-8', body: pageHtml() };
  if (area === 'favicon.ico' && !a) return { type: 'image/x-icon', body: '' };
  if (area === 'vendor' && !b) {
    if (a === 'uPlot.esm.js') return { type: 'text/javascript; charset=utf-8', body: await readFile(uplotFile('uPlot.esm.js')) };
    if (a === 'uPlot.min.css') return { type: 'text/css; charset=utf-8', body: await readFile(uplotFile('uPlot.min.css')) };
  }
  if (area === 'app' && a === 'render' && b && !more.length && MODULE.test(b) && SHARED.has(b.slice(0, -3))) return js(join(DIST, 'render', b));
  if (area === 'app' && a === 'dashboard' && b === 'page' && more.length === 1 && MODULE.test(more[0])) return js(join(DIST, 'dashboard', 'page', more[0]));
  return null;
}

async function js(file: string): Promise<Asset | null> {
  try {
    return { type: 'text/javascript; charset=utf-8', body: await readFile(file) };
  } catch {
    return null;
  }
}
