/** conv2d: torch.nn.Conv2d, weight [filters, channels, kh, kw]; padding as the native core (geometry.ts). */
import { convAxis, kernelPair, type Padding } from './geometry.js';
import { imageShape, positiveInt, type Spec, type WebLayer } from './unit.js';

function geometry(spec: Spec, inShape: number[]) {
  const [C, H, W] = imageShape(spec, inShape);
  const [kh, kw] = kernelPair(spec.kernelSize as number | [number, number]);
  const s = positiveInt(spec, 'strides', 1), F = positiveInt(spec, 'filters');
  const padding = (spec.padding ?? 'valid') as Padding;
  return { C, H, W, F, kh, kw, s, rows: convAxis(H, kh, s, padding), cols: convAxis(W, kw, s, padding) };
}

export const conv2d: WebLayer = {
  outShape(spec, inShape) {
    const g = geometry(spec, inShape);
    return [g.F, g.rows.out, g.cols.out];
  },
  tensors(spec, inShape) {
    const g = geometry(spec, inShape);
    return [['weight', [g.F, g.C, g.kh, g.kw]], ['bias', [g.F]]];
  },
  build(spec, inShape, { weight, bias }) {
    const { C, H, W, F, kh, kw, s, rows, cols } = geometry(spec, inShape);
    const OH = rows.out, OW = cols.out;
    return (x) => {
      const y = new Float32Array(F * OH * OW);
      for (let f = 0; f < F; f++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++) {
            let sum = bias[f];
            for (let c = 0; c < C; c++)
              for (let i = 0; i < kh; i++) {
                const iy = oy * s - rows.padBefore + i;
                if (iy < 0 || iy >= H) continue;
                for (let j = 0; j < kw; j++) {
                  const ix = ox * s - cols.padBefore + j;
                  if (ix >= 0 && ix < W) sum += weight[((f * C + c) * kh + i) * kw + j] * x[(c * H + iy) * W + ix];
                }
              }
            y[(f * OH + oy) * OW + ox] = sum;
          }
      return y;
    };
  },
  gpu(spec, inShape, { weight, bias }, gpu) {
    const { C, H, W, F, kh, kw, s, rows, cols } = geometry(spec, inShape);
    const OH = rows.out, OW = cols.out;
    return gpu.kernel({
      outSize: F * OH * OW,
      tensors: { wt: weight, bs: bias },
      body: `
        let f = k / ${OH * OW}u; let oy = i32((k / ${OW}u) % ${OH}u); let ox = i32(k % ${OW}u);
        var sum = bs[f];
        for (var c = 0u; c < ${C}u; c++) {
          for (var u = 0; u < ${kh}; u++) {
            let iy = oy * ${s} - ${rows.padBefore} + u;
            if (iy < 0 || iy >= ${H}) { continue; }
            for (var v = 0; v < ${kw}; v++) {
              let ix = ox * ${s} - ${cols.padBefore} + v;
              if (ix < 0 || ix >= ${W}) { continue; }
              sum += wt[((f * ${C}u + c) * ${kh}u + u32(u)) * ${kw}u + u32(v)] * x[n * ${C * H * W}u + (c * ${H}u + u32(iy)) * ${W}u + u32(ix)];
            }
          }
        }
        y[i] = sum;`,
    });
  },
};
