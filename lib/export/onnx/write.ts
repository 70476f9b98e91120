/** A generator graph as an ONNX model: input `z` [N, zDim], output `samples` [N, ...sample shape]. */
import { UnsupportedError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { unitFor, type GeneratorGraph } from '../graph.js';
import { OnnxGraph } from './builder.js';
import { ONNX_LAYERS } from './layers/index.js';

export function generatorToOnnx(graph: GeneratorGraph, metadata: Record<string, string> = {}): Uint8Array {
  const g = new OnnxGraph();
  let x = 'z';
  for (const layer of graph.layers) x = unitFor(ONNX_LAYERS, layer, 'onnx', (m) => new UnsupportedError(m))(g, layer, x);
  // the last node's output becomes the graph's output `samples`
  const output = g.node('Identity', 'samples', [x]);
  return g.encode({ input: 'z', inputShape: graph.inputShape, output, outputShape: graph.outputShape, producerVersion: VERSION, metadata });
}
