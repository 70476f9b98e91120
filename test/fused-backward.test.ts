/**
 * The generator step's fused backward (each layer's weight and data gradient in one call, the inner gradients
 * passed down rather than kept) against the two passes it replaced (backwardData over every layer, then
 * backwardParams): the same weight gradients to the bit, through ResNet generators with batchNorm and
 * conditionalBatchNorm, a body scale, identity and convolution shortcuts, a nested block and a block as the
 * first layer (whose input gradient neither path computes).
 */
import { describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec, ModelSpec } from '../lib/layers.js';
import { cifarResnetModels } from '../lib/presets/resnet.js';
import { expectGradientsReached, freshSeed, makeRandom } from './helpers.js';

const conv = (filters: number, kernelSize: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize, padding: 'same' });
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const same = (a: Float32Array, b: Float32Array) => Buffer.compare(bytes(a), bytes(b)) === 0;

const withBias = new Set(['dense', 'conv2d', 'conv2dTranspose']);
const batchStatistics = new Set(['batchNorm', 'conditionalBatchNorm']);
/** The biases right before batch statistics (in nested blocks too), whose gradient is exactly zero (absorbed-bias.test.ts). */
function absorbedBiases(layers: LayerSpec[], prefix = ''): string[] {
  return layers.flatMap((layer, i) => [
    ...(i > 0 && batchStatistics.has(layer.type) && withBias.has(layers[i - 1].type) ? [`${prefix}${i - 1}.bias`] : []),
    ...(layer.type === 'residual'
      ? [...absorbedBiases(layer.body, `${prefix}${i}.body.`), ...absorbedBiases(layer.shortcut ?? [], `${prefix}${i}.shortcut.`)]
      : []),
  ]);
}

/** Every trainable tensor reached, but the absorbed biases, which are exactly zero. */
const expectEveryTensorReached = (model: Sequential, grads: Float32Array) =>
  expectGradientsReached(model.tensors, grads, absorbedBiases(model.spec.layers));

const K = 3;
const generators: { name: string; spec: ModelSpec }[] = [
  { name: "cifar-resnet-conditional's generator at 8x8 (conditionalBatchNorm in the blocks, batchNorm after)", spec: cifarResnetModels(8, 8, 3, K).generator },
  {
    name: 'a block first (scale 0.5, a 1x1 shortcut), a nested block in an identity block, batchNorm and conditionalBatchNorm',
    spec: {
      inputShape: [2, 3, 3],
      layers: [
        { type: 'residual', body: [{ type: 'conditionalBatchNorm', classes: K }, { type: 'relu' }, conv(3, 3)], shortcut: [conv(3, 1)], scale: 0.5 },
        { type: 'residual', body: [{ type: 'batchNorm' }, { type: 'relu' }, { type: 'residual', body: [conv(3, 3), { type: 'relu' }, conv(3, 3)] }, conv(3, 3)] },
        { type: 'batchNorm' },
        { type: 'relu' },
        conv(2, 3),
        { type: 'tanh' },
      ],
    },
  },
];

describe('fused backward', () => {
  for (const { name, spec } of generators)
    it(`gives the two-pass weight gradients bit for bit: ${name}`, () => {
      const rnd = makeRandom(freshSeed());
      const G = new Sequential(spec, { seed: rnd.seed });
      const n = 5;
      const x = rnd.array(n * G.inputShape.reduce((a, b) => a * b), -2, 2);
      const gy = rnd.array(n * G.outputShape.reduce((a, b) => a * b));
      const { fused, twoPass } = G.native.backwardPaths(x, gy, n, rnd.labels(n, K));
      expectEveryTensorReached(G, twoPass);
      expect(same(fused, twoPass), `seed ${rnd.seed}`).toBe(true);
    });

  it("is the generator step's: its gradients are the two passes' for the critic's input gradient", () => {
    // A linear critic's input gradient is exact: -w/n for n = 4 (a power of two).
    const rnd = makeRandom(freshSeed());
    const G = new Sequential(cifarResnetModels(8, 8, 3).generator, { seed: rnd.seed });
    const D = new Sequential({ inputShape: [3, 8, 8], layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }] }, { seed: rnd.seed + 1 });
    const n = 4;
    const z = rnd.array(n * 128, -2, 2);
    const w = D.parameters()['1.weight'].data;
    const gy = new Float32Array(n * w.length).map((_, i) => -w[i % w.length] / n);
    const step = G.native.generatorLossAndGrads(z, n, D.native);
    const { twoPass } = G.native.backwardPaths(z, gy, n);
    expectEveryTensorReached(G, twoPass);
    expect(same(step.grads, twoPass), `seed ${rnd.seed}`).toBe(true);
  });
});
