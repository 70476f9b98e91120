/** The element-wise activations: Relu, LeakyRelu(alpha), Tanh, Sigmoid. */
import { LEAKY_RELU_ALPHA } from '../../../web/layers/activations.js';
import type { LayerSpec } from '../../../layers.js';
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

const elementwise = (op: string): OnnxLayer => (g, layer, input) => g.node(op, nodeName(layer), [input]);

export const relu = elementwise('Relu');
export const tanh = elementwise('Tanh');
export const sigmoid = elementwise('Sigmoid');
export const leakyRelu: OnnxLayer = (g, layer, input) =>
  g.node('LeakyRelu', nodeName(layer), [input], [attr.float('alpha', (layer.spec as LayerSpec & { type: 'leakyRelu' }).alpha ?? LEAKY_RELU_ALPHA)]);
