/** A generator graph as an ONNX model: input `z` [N, zDim], output `samples` [N, ...sample shape]. */
import { VERSION } from '../../version.js';
import type { GeneratorGraph } from '../graph.js';
import { OnnxGraph } from './builder.js';
import { addLayers } from './layers/index.js';

export function generatorToOnnx(graph: GeneratorGraph, metadata: Record<string, string> = {}): Uint8Array {
  const g = new OnnxGraph();
  const x = addLayers(g, graph.layers, 'z');
  // the last node's output becomes the graph's output `samples`
  const output = g.node('Identity', 'samples', [x]);
  return g.encode({ input: 'z', inputShape: graph.inputShape, output, outputShape: graph.outputShape, producerVersion: VERSION, metadata });
}
