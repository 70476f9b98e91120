/** A grid of generated images (NCHW, 1 or 3 channels) as one PNG, like the reference's save_images. */
import { encodePng } from './png.js';

export function imageGridPng(samples: Float32Array, n: number, shape: number[], range: [number, number], scale = 2, cols = Math.ceil(Math.sqrt(n))): Buffer {
  const [channels, h, w] = shape;
  const rows = Math.ceil(n / cols);
  const gap = 1;
  const width = (cols * (w + gap) + gap) * scale, height = (rows * (h + gap) + gap) * scale;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const [lo, hi] = range;
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
  for (let i = 0; i < n; i++) {
    const ox = (i % cols) * (w + gap) + gap, oy = Math.floor(i / cols) * (h + gap) + gap;
    const base = i * channels * h * w;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const px = [0, 1, 2].map((c) => byte(samples[base + Math.min(c, channels - 1) * h * w + y * w + x]));
        for (let sy = 0; sy < scale; sy++)
          for (let sx = 0; sx < scale; sx++) {
            const p = (((oy + y) * scale + sy) * width + (ox + x) * scale + sx) * 4;
            rgba[p] = px[0];
            rgba[p + 1] = px[1];
            rgba[p + 2] = px[2];
            rgba[p + 3] = 255;
          }
      }
  }
  return encodePng(width, height, rgba);
}
