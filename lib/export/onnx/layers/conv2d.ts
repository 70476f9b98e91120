/** conv2d -> Conv with explicit pads [top, left, bottom, right] ('same' puts the odd pixel after). */
import { convAxis, kernelPair } from '../../../web/layers/geometry.js';
import type { LayerSpec } from '../../../layers.js';
import { attr } from '../builder.js';
import { nodeName, weight, type OnnxLayer } from './unit.js';

export const conv2d: OnnxLayer = (g, layer, input) => {
  const spec = layer.spec as LayerSpec & { type: 'conv2d' };
  const [kh, kw] = kernelPair(spec.kernelSize), s = spec.strides ?? 1;
  const rows = convAxis(layer.inputShape[1], kh, s, spec.padding), cols = convAxis(layer.inputShape[2], kw, s, spec.padding);
  return g.node('Conv', nodeName(layer), [input, weight(g, layer, 'weight'), weight(g, layer, 'bias')], [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', [s, s]),
    attr.ints('pads', [rows.padBefore, cols.padBefore, rows.padAfter, cols.padAfter]),
  ]);
};
