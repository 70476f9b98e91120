/** flatten -> Flatten(axis 1); reshape -> Reshape to [N, ...targetShape]. */
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const flatten: OnnxLayer = (g, layer, input) => g.node('Flatten', nodeName(layer), [input], [attr.int('axis', 1)]);

export const reshape: OnnxLayer = (g, layer, input) => {
  const name = nodeName(layer);
  return g.node('Reshape', name, [input, g.int64s(`${name}.shape`, [-1, ...layer.outputShape])]);
};
