/** avgPool2d -> AveragePool with kernel = stride = poolSize (no padding: the size divides the image). */
import { poolSize } from '../../../web/layers/avg-pool2d.js';
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const avgPool2d: OnnxLayer = (g, layer, input) => {
  const p = poolSize(layer.spec, layer.inputShape);
  return g.node('AveragePool', nodeName(layer), [input], [attr.ints('kernel_shape', [p, p]), attr.ints('strides', [p, p])]);
};
