/** crop2d -> Slice over the height and width axes. */
import { cropping4 } from '../../../web/layers/geometry.js';
import type { LayerSpec } from '../../../layers.js';
import { nodeName, type OnnxLayer } from './unit.js';

export const crop2d: OnnxLayer = (g, layer, input) => {
  const [top, bottom, left, right] = cropping4((layer.spec as LayerSpec & { type: 'crop2d' }).cropping);
  const [, H, W] = layer.inputShape, name = nodeName(layer);
  return g.node('Slice', name, [input, g.int64s(`${name}.starts`, [top, left]), g.int64s(`${name}.ends`, [H - bottom, W - right]), g.int64s(`${name}.axes`, [2, 3])]);
};
