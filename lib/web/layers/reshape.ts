/** flatten and reshape: the same values under another per-sample shape. */
import { WebModelError } from '../errors.js';
import { size, type WebLayer } from './unit.js';

export const flatten: WebLayer = {
  outShape: (_spec, inShape) => [size(inShape)],
  tensors: () => [],
  build: () => (x) => x,
  gpu: () => (_pass, x) => x,
};

export const reshape: WebLayer = {
  outShape(spec, inShape) {
    const target = spec.targetShape;
    if (!Array.isArray(target) || target.some((d) => !Number.isInteger(d) || d < 1) || size(target) !== size(inShape))
      throw new WebModelError(`reshape.targetShape ${JSON.stringify(target)} does not hold the ${size(inShape)} values of [${inShape}]`);
    return [...target];
  },
  tensors: () => [],
  build: () => (x) => x,
  gpu: () => (_pass, x) => x,
};
