/** PNG output (pngjs) and SVG rasterisation (resvg). */
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png);
}

export function svgToPng(svg: string): Buffer {
  return Buffer.from(new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
}
