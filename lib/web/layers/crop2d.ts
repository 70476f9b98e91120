/** crop2d: Keras Cropping2D, rows and columns removed from the edges of every channel. */
import { WebModelError } from '../errors.js';
import { cropping4 } from './geometry.js';
import { imageShape, type Spec, type WebLayer } from './unit.js';

function geometry(spec: Spec, inShape: number[]) {
  const [C, H, W] = imageShape(spec, inShape);
  const [top, bottom, left, right] = cropping4(spec.cropping as Parameters<typeof cropping4>[0]);
  const oh = H - top - bottom, ow = W - left - right;
  if (!(oh >= 1 && ow >= 1)) throw new WebModelError(`crop2d.cropping ${JSON.stringify(spec.cropping)} leaves nothing of [${inShape}]`);
  return { C, H, W, top, left, oh, ow };
}

export const crop2d: WebLayer = {
  outShape(spec, inShape) {
    const g = geometry(spec, inShape);
    return [g.C, g.oh, g.ow];
  },
  tensors: () => [],
  build(spec, inShape) {
    const { C, H, W, top, left, oh, ow } = geometry(spec, inShape);
    return (x) => {
      const y = new Float32Array(C * oh * ow);
      for (let c = 0; c < C; c++)
        for (let r = 0; r < oh; r++) y.set(x.subarray((c * H + r + top) * W + left, (c * H + r + top) * W + left + ow), (c * oh + r) * ow);
      return y;
    };
  },
  gpu(spec, inShape, _tensors, gpu) {
    const { C, H, W, top, left, oh, ow } = geometry(spec, inShape);
    return gpu.kernel({
      outSize: C * oh * ow,
      body: `let c = k / ${oh * ow}u; let r = (k / ${ow}u) % ${oh}u; y[i] = x[n * ${C * H * W}u + (c * ${H}u + r + ${top}u) * ${W}u + ${left}u + k % ${ow}u];`,
    });
  },
};
