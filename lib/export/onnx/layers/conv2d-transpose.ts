/** conv2dTranspose -> ConvTranspose with explicit pads and output_padding (a 'same' layer with a kernel
 *  smaller than its stride needs output_padding; otherwise its odd pixel of padding goes after). */
import { kernelPair, transposedAxis } from '../../../web/layers/geometry.js';
import type { LayerSpec } from '../../../layers.js';
import { attr } from '../builder.js';
import { nodeName, weight, type OnnxLayer } from './unit.js';

export const conv2dTranspose: OnnxLayer = (g, layer, input) => {
  const spec = layer.spec as LayerSpec & { type: 'conv2dTranspose' };
  const [kh, kw] = kernelPair(spec.kernelSize), s = spec.strides ?? 1;
  const rows = transposedAxis(layer.inputShape[1], kh, s, spec.padding, spec.outputPadding);
  const cols = transposedAxis(layer.inputShape[2], kw, s, spec.padding, spec.outputPadding);
  return g.node('ConvTranspose', nodeName(layer), [input, weight(g, layer, 'weight'), weight(g, layer, 'bias')], [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', [s, s]),
    attr.ints('pads', [rows.padBefore, cols.padBefore, rows.padAfter, cols.padAfter]),
    attr.ints('output_padding', [rows.outputPadding, cols.outputPadding]),
  ]);
};
