/** depthToSpace: PyTorch's PixelShuffle(r), out[c][h·r+i][w·r+j] = in[c·r² + i·r + j][h][w] (ONNX DepthToSpace, mode CRD). */
import { WebModelError } from '../errors.js';
import { imageShape, positiveInt, type Spec, type WebLayer } from './unit.js';

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
};
