/** Drawing samples on a canvas: images (1 or 3 channels, NCHW) in a grid, or 2-D points as a scatter. */

export interface Picture {
  shape: number[];
  range: [number, number];
}

export const isPoints = (p: Picture) => p.shape.length === 1 && p.shape[0] === 2;

/** n images in `cols` columns, each pixel drawn as scale × scale; returns the cell size in pixels. */
export function drawImages(canvas: HTMLCanvasElement, data: Float32Array, n: number, p: Picture, cols: number, scale: number): number {
  const [channels, h, w] = p.shape, [lo, hi] = p.range, gap = 2;
  const cell = w * scale + gap, rows = Math.ceil(n / cols);
  canvas.width = cols * cell + gap;
  canvas.height = rows * (h * scale + gap) + gap;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(canvas.width, canvas.height);
  image.data.fill(255);
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
  for (let k = 0; k < n; k++) {
    const ox = (k % cols) * cell + gap, oy = Math.floor(k / cols) * (h * scale + gap) + gap, base = k * channels * h * w;
    for (let y = 0; y < h * scale; y++)
      for (let x = 0; x < w * scale; x++) {
        const src = Math.floor(y / scale) * w + Math.floor(x / scale), dst = ((oy + y) * canvas.width + ox + x) * 4;
        for (let c = 0; c < 3; c++) image.data[dst + c] = byte(data[base + Math.min(c, channels - 1) * h * w + src]);
      }
  }
  ctx.putImageData(image, 0, 0);
  return cell;
}

/** Points on a square canvas spanning the range on both axes; `path` (if any) drawn as a line, `mark` as a ring. */
export function drawPoints(canvas: HTMLCanvasElement, points: Float32Array, p: Picture, path?: Float32Array, mark?: [number, number]): void {
  const S = 360, [lo, hi] = p.range;
  canvas.width = canvas.height = S;
  const ctx = canvas.getContext('2d')!;
  const sx = (v: number) => ((v - lo) / (hi - lo)) * S, sy = (v: number) => S - sx(v);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, S, S);
  ctx.fillStyle = 'rgba(26, 150, 65, 0.7)';
  for (let i = 0; i + 1 < points.length; i += 2) ctx.fillRect(sx(points[i]) - 1.5, sy(points[i + 1]) - 1.5, 3, 3);
  if (path) {
    ctx.strokeStyle = '#2b83ba';
    ctx.beginPath();
    for (let i = 0; i + 1 < path.length; i += 2) ctx[i ? 'lineTo' : 'moveTo'](sx(path[i]), sy(path[i + 1]));
    ctx.stroke();
  }
  if (mark) {
    ctx.strokeStyle = '#d7191c';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(sx(mark[0]), sy(mark[1]), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
}
