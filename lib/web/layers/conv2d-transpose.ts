/** conv2dTranspose: torch.nn.ConvTranspose2d, weight [channels, filters, kh, kw]:
 *  y[o][iy·s - padBefore + i][ix·s - padBefore + j] += x[c][iy][ix] · W[c][o][i][j], plus the bias. */
import { kernelPair, transposedAxis, type Padding } from './geometry.js';
import { imageShape, positiveInt, type Spec, type WebLayer } from './unit.js';

function geometry(spec: Spec, inShape: number[]) {
  const [C, h, w] = imageShape(spec, inShape);
  const [kh, kw] = kernelPair(spec.kernelSize as number | [number, number]);
  const s = positiveInt(spec, 'strides', 1), O = positiveInt(spec, 'filters');
  const padding = (spec.padding ?? 'valid') as Padding, outputPadding = (spec.outputPadding ?? 0) as number;
  return { C, h, w, O, kh, kw, s, rows: transposedAxis(h, kh, s, padding, outputPadding), cols: transposedAxis(w, kw, s, padding, outputPadding) };
}

export const conv2dTranspose: WebLayer = {
  outShape(spec, inShape) {
    const g = geometry(spec, inShape);
    return [g.O, g.rows.out, g.cols.out];
  },
  tensors(spec, inShape) {
    const g = geometry(spec, inShape);
    return [['weight', [g.C, g.O, g.kh, g.kw]], ['bias', [g.O]]];
  },
  build(spec, inShape, { weight, bias }) {
    const { C, h, w, O, kh, kw, s, rows, cols } = geometry(spec, inShape);
    const H = rows.out, W = cols.out;
    return (x) => {
      // float64 sums: each output gathers up to C·kh·kw/s² terms
      const y = new Float64Array(O * H * W);
      for (let o = 0; o < O; o++) y.fill(bias[o], o * H * W, (o + 1) * H * W);
      for (let c = 0; c < C; c++)
        for (let iy = 0; iy < h; iy++)
          for (let ix = 0; ix < w; ix++) {
            const v = x[(c * h + iy) * w + ix];
            if (v === 0) continue; // after a ReLU most inputs are 0
            for (let o = 0; o < O; o++)
              for (let i = 0; i < kh; i++) {
                const oy = iy * s - rows.padBefore + i;
                if (oy < 0 || oy >= H) continue;
                const wRow = ((c * O + o) * kh + i) * kw, yRow = (o * H + oy) * W;
                for (let j = 0; j < kw; j++) {
                  const ox = ix * s - cols.padBefore + j;
                  if (ox >= 0 && ox < W) y[yRow + ox] += v * weight[wRow + j];
                }
              }
          }
      return Float32Array.from(y);
    };
  },
  gpu(spec, inShape, { weight, bias }, gpu) {
    const { C, h, w, O, kh, kw, s, rows, cols } = geometry(spec, inShape);
    const H = rows.out, W = cols.out;
    // gathered per output: input (iy, ix) reaches oy when oy + padBefore - i = iy·s
    return gpu.kernel({
      outSize: O * H * W,
      tensors: { wt: weight, bs: bias },
      body: `
        let o = k / ${H * W}u; let oy = i32((k / ${W}u) % ${H}u); let ox = i32(k % ${W}u);
        var sum = bs[o];
        for (var c = 0u; c < ${C}u; c++) {
          for (var u = 0; u < ${kh}; u++) {
            let ty = oy + ${rows.padBefore} - u;
            if (ty < 0 || ty % ${s} != 0 || ty / ${s} >= ${h}) { continue; }
            for (var v = 0; v < ${kw}; v++) {
              let tx = ox + ${cols.padBefore} - v;
              if (tx < 0 || tx % ${s} != 0 || tx / ${s} >= ${w}) { continue; }
              sum += x[n * ${C * h * w}u + (c * ${h}u + u32(ty / ${s})) * ${w}u + u32(tx / ${s})] * wt[((c * ${O}u + o) * ${kh}u + u32(u)) * ${kw}u + u32(v)];
            }
          }
        }
        y[i] = sum;`,
    });
  },
};
