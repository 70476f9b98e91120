/** upsample2d -> Resize, mode nearest with asymmetric coordinates and floor (out[y] = in[⌊y/f⌋], as PyTorch exports it). */
import { upsampleFactor } from '../../../web/layers/upsample2d.js';
import { attr } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const upsample2d: OnnxLayer = (g, layer, input) => {
  const f = upsampleFactor(layer.spec), name = nodeName(layer);
  // inputs X, roi (unused, left empty), scales per axis of NCHW
  return g.node('Resize', name, [input, '', g.weight(`${name}.scales`, { shape: [4], data: Float32Array.of(1, 1, f, f) })], [
    attr.string('mode', 'nearest'),
    attr.string('coordinate_transformation_mode', 'asymmetric'),
    attr.string('nearest_mode', 'floor'),
  ]);
};
