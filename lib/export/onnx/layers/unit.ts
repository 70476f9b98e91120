/** What one layer kind of the ONNX writer does: add its nodes for `input`, return the output's name. */
import { layerPath, type GraphLayer } from '../../graph.js';
import type { OnnxGraph } from '../builder.js';

export type OnnxLayer = (g: OnnxGraph, layer: GraphLayer, input: string) => string;

/** The graph input a conditional generator's label layers read: `label` [N], int64 classes. */
export const LABEL_INPUT = 'label';

/** The layer's tensor by local name, as an initializer named like the state_dict ('4.weight', '4.body.1.weight'). */
export function weight(g: OnnxGraph, layer: GraphLayer, name: string): string {
  const entry = layer.tensors.find(([n]) => n === name);
  if (!entry) throw new Error(`${layerPath(layer)} (${layer.spec.type}) has no tensor ${name}`);
  return g.weight(`${layer.name}.${name}`, entry[1]);
}

/** The node name of a layer: its state_dict prefix and type ('4.conv2d', '4.body.1.conv2d'). */
export const nodeName = (layer: GraphLayer) => `${layer.name}.${layer.spec.type}`;
