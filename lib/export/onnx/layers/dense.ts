/** dense -> Gemm(x, W, b) with transB: W is stored [units, inputs] like torch.nn.Linear. */
import { attr } from '../builder.js';
import { nodeName, weight, type OnnxLayer } from './unit.js';

export const dense: OnnxLayer = (g, layer, input) =>
  g.node('Gemm', nodeName(layer), [input, weight(g, layer, 'weight'), weight(g, layer, 'bias')], [attr.int('transB', 1)]);
