/** conditionalBatchNorm -> BatchNormalization without an affine part (running statistics, as predict() runs
 *  it), then Mul and Add by the label's rows of weight and bias, Gathered and shaped [N, C, 1, 1] for images. */
import { NORM_EPSILON } from '../../../web/layers/geometry.js';
import { attr } from '../builder.js';
import { LABEL_INPUT, nodeName, weight, type OnnxLayer } from './unit.js';

export const conditionalBatchNorm: OnnxLayer = (g, layer, input) => {
  const channels = layer.inputShape[0];
  const constant = (name: string, value: number) => g.weight(`${layer.name}.${name}`, { shape: [channels], data: new Float32Array(channels).fill(value) });
  const stats = ['running_mean', 'running_var'].map((name) => weight(g, layer, name));
  const normalised = g.node('BatchNormalization', `${layer.name}.normalised`, [input, constant('ones', 1), constant('zeros', 0), ...stats], [attr.float('epsilon', NORM_EPSILON)]);
  const shape = layer.inputShape.length === 1 ? null : g.int64s(`${layer.name}.row_shape`, [-1, channels, ...layer.inputShape.slice(1).map(() => 1)]);
  const row = (name: string) => {
    const rows = g.node('Gather', `${layer.name}.${name}_rows`, [weight(g, layer, name), LABEL_INPUT], [attr.int('axis', 0)]);
    return shape ? g.node('Reshape', `${layer.name}.${name}_shaped`, [rows, shape]) : rows;
  };
  return g.node('Add', nodeName(layer), [g.node('Mul', `${layer.name}.scaled`, [normalised, row('weight')]), row('bias')]);
};
