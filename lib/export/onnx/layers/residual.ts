/** residual -> the nodes of both branches, Mul by the scale (left out when it is 1), Add: y = shortcut(x) + scale·body(x). */
import { residualScale } from '../../../web/layers/residual.js';
import { branchLayers, type GraphLayer } from '../../graph.js';
import type { OnnxGraph } from '../builder.js';
import { nodeName, type OnnxLayer } from './unit.js';

type AddLayers = (g: OnnxGraph, layers: GraphLayer[], input: string) => string;

/** The residual unit over the writer's chain of units (passed in, so that the registry can hold this unit too). */
export const residualOf =
  (addLayers: AddLayers): OnnxLayer =>
  (g, layer, input) => {
    const body = addLayers(g, branchLayers(layer, 'body'), input);
    const shortcut = addLayers(g, branchLayers(layer, 'shortcut'), input); // no layers: the input itself
    const scale = residualScale(layer.spec);
    const scaled = scale === 1 ? body : g.node('Mul', `${layer.name}.scaled`, [body, g.weight(`${layer.name}.scale`, { shape: [], data: Float32Array.of(scale) })]);
    return g.node('Add', nodeName(layer), [shortcut, scaled]);
  };
