/** depthToSpace: PyTorch's PixelShuffle(r), out[c][h·r+i][w·r+j] = in[c·r² + i·r + j][h][w] (ONNX DepthToSpace, mode CRD). */
import { WebModelError } from '../errors.js';
import { imageShape, positiveInt, size, type Spec, type WebLayer } from './unit.js';

function geometry(spec: Spec, inShape: number[]) {
  const [C, H, W] = imageShape(spec, inShape), r = positiveInt(spec, 'blockSize');
  if (C % (r * r) !== 0) throw new WebModelError(`depthToSpace.blockSize ${r} needs channels divisible by ${r * r}, got [${inShape}]`);
  return { c: C / (r * r), H, W, r };
}

export const depthToSpace: WebLayer = {
  outShape(spec, inShape) {
    const { c, H, W, r } = geometry(spec, inShape);
    return [c, H * r, W * r];
  },
  tensors: () => [],
  build(spec, inShape) {
    const { c: channels, H, W, r } = geometry(spec, inShape), OH = H * r, OW = W * r;
    return (x) => {
      const y = new Float32Array(channels * OH * OW);
      for (let c = 0; c < channels; c++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++) {
            const source = c * r * r + (oy % r) * r + (ox % r);
            y[(c * OH + oy) * OW + ox] = x[(source * H + Math.floor(oy / r)) * W + Math.floor(ox / r)];
          }
      return y;
    };
  },
  gpu(spec, inShape, _tensors, gpu) {
    const { c: channels, H, W, r } = geometry(spec, inShape), OH = H * r, OW = W * r;
    return gpu.kernel({
      outSize: channels * OH * OW,
      body: `
        let c = k / ${OH * OW}u; let oy = (k / ${OW}u) % ${OH}u; let ox = k % ${OW}u;
        let source = c * ${r * r}u + (oy % ${r}u) * ${r}u + ox % ${r}u;
        y[i] = x[n * ${size(inShape)}u + (source * ${H}u + oy / ${r}u) * ${W}u + ox / ${r}u];`,
    });
  },
};
