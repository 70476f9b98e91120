/**
 * The layer cases and their check against the float64 oracle, shared by the layer tests (test/layers.test.ts)
 * and the platform tests, which run the same operations in another binary (linux-arm64 under qemu, a
 * source build) and check its results here.
 *
 * Every native layer operation against the float64 oracle, on fresh random inputs:
 *   forward, backwardData, backwardParams  vs the oracle's naive loops;
 *   tangent (Jv)                           vs central differences of the oracle's forward;
 *   curvature (∂/∂x and ∂/∂θ of gyᵀJ(x)v)  vs central differences of v·(oracle backwardData).
 * Tolerance: norm-wise relative error 1e-4. The native side runs in float32 (unit roundoff 6e-8,
 * sums of up to a few thousand terms stay near 1e-6); float64 central differences with h = 1e-5 err
 * by ~1e-9. 1e-4 leaves headroom for both yet catches any wrong index, sign or missing term (those
 * give errors of order 1).
 */
import { expect } from 'vitest';
import { Sequential } from '../lib/index.js';
import type { LayerSpec } from '../lib/layers.js';
import type { NativeModel } from '../lib/native.js';
import { oracleLayer, type Params } from './oracle/layers.js';
import { directional, f64, finiteDifferences, makeRandom, norm, relError } from './helpers.js';

const TOL = 1e-4;

export interface LayerCase {
  spec: LayerSpec;
  inShape: number[];
  n: number;
  /** the classes of the labels a label-reading layer inside it takes (a block's), where not spec.classes */
  classes?: number;
}

/** The classes of the labels a case's layer reads (0: it reads none). */
export const labelClasses = (c: LayerCase) => c.classes ?? ('classes' in c.spec ? c.spec.classes : 0);

export const layerCases: LayerCase[] = [
  { spec: { type: 'dense', units: 5 }, inShape: [7], n: 1 },
  { spec: { type: 'dense', units: 4 }, inShape: [9], n: 3 },
  { spec: { type: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'same' }, inShape: [2, 5, 5], n: 3 },
  // 3×3 stride 1 runs as Winograd F(2×2, 3×3) on the CPU: odd and even maps, maps smaller than a tile, any padding
  { spec: { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 0 }, inShape: [3, 6, 6], n: 3 },
  { spec: { type: 'conv2d', filters: 1, kernelSize: 3, padding: 2 }, inShape: [4, 5, 5], n: 1 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, inShape: [3, 1, 2], n: 3 },
  { spec: { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' }, inShape: [1, 9, 9], n: 3 },
  // rows of 4, 8, 16 and 32 tiles take the transforms' fixed-length loops (16 on an odd width)
  { spec: { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, inShape: [2, 8, 8], n: 2 },
  { spec: { type: 'conv2d', filters: 1, kernelSize: 3, padding: 1 }, inShape: [1, 16, 16], n: 1 },
  { spec: { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'same' }, inShape: [1, 5, 31], n: 1 },
  { spec: { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'same' }, inShape: [1, 3, 64], n: 2 },
  // Winograd's products on the AVX-512 kernel (cpu/avx512_gemm.h): a block of 12 rows and a remainder (13 filters,
  // or backward-data's 13 channels), a whole panel of 32 tiles and a part one (of 28 and of 1 tile), tiles in panels
  // (rows of 4 tiles) or in rows (rows of 3 tiles)
  { spec: { type: 'conv2d', filters: 13, kernelSize: 3, padding: 'same' }, inShape: [2, 6, 8], n: 5 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, inShape: [13, 2, 6], n: 11 },
  // a 3×3 stride-1 layer of under 16 input channels and 16 or more filters runs blocked where that applies, not as
  // Winograd (cpu_device.cpp): a convolution, and a transposed one (whose forward is the blocked backward-data)
  { spec: { type: 'conv2d', filters: 20, kernelSize: 3, padding: 'same' }, inShape: [3, 10, 9], n: 3 },
  { spec: { type: 'conv2dTranspose', filters: 3, kernelSize: 3, strides: 1, padding: 'same' }, inShape: [20, 6, 7], n: 2 },
  // a stride-1 layer of 16 or more input channels and under 16 filters runs as the few-filter direct convolution
  // (cpu/few_filter_convolution.h): a row of 37 pixels (a whole segment of 32 and a part one), 17 channels (backward-
  // data's groups of 5 + 6 + 6), 9 filters (groups of 3), a 5×3 kernel without padding, a 2×2 kernel with 'same''s
  // padding after only, and a transposed convolution (whose forward is that backward-data)
  { spec: { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' }, inShape: [16, 4, 37], n: 2 },
  { spec: { type: 'conv2d', filters: 9, kernelSize: 3, padding: 'same' }, inShape: [17, 5, 4], n: 3 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: [5, 3], strides: 1, padding: 0 }, inShape: [16, 7, 6], n: 2 },
  { spec: { type: 'conv2d', filters: 5, kernelSize: 2, padding: 'same' }, inShape: [16, 5, 5], n: 2 },
  { spec: { type: 'conv2dTranspose', filters: 16, kernelSize: 3, strides: 1, padding: 'same' }, inShape: [3, 5, 7], n: 2 },
  // 1×1 stride 1 runs as one product per sample on the CPU
  { spec: { type: 'conv2d', filters: 3, kernelSize: 1 }, inShape: [4, 5, 5], n: 3 },
  { spec: { type: 'conv2dTranspose', filters: 2, kernelSize: 1 }, inShape: [3, 3, 3], n: 1 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, inShape: [3, 9, 9], n: 7 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [1, 28, 28], n: 3 },
  { spec: { type: 'conv2d', filters: 3, kernelSize: 5, strides: 1, padding: 2 }, inShape: [2, 9, 9], n: 1 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 1 }, inShape: [1, 5, 5], n: 3 },
  { spec: { type: 'conv2d', filters: 2, kernelSize: [3, 5], strides: 2 }, inShape: [2, 9, 9], n: 3 },
  { spec: { type: 'conv2dTranspose', filters: 2, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [3, 4, 4], n: 3 },
  // other kernels with 16 or more filters run blocked on the AVX-512 kernel (cpu/blocked_convolution.h): blocks of 10
  // channels (250 + 50 column values) and 17 filters (a part panel, a 12-row block and a remainder); blocks of 17
  // channels (255 + 45); runs across samples of 4 pixels; runs of 84 and 66 pixels (two threads); a transposed
  // convolution's backward-data; backward-data's runs of whole rows of one sample (19 + 1 rows of 20 pixels) and
  // image rows of two and of three vectors (the last one part), its runs of 1 and of 2 samples, and its two blocks
  // of 130 filters; the weight gradient's runs of 256 pixels across samples (256 + 32 pixels of one sample, 256 + 44
  // pixels of 20 samples) for two groups of filters (one channel, and 3 panels of 32 columns: too few to share);
  // the weight gradient's parts of whole panels of gW's columns, which start and end inside a channel (300 columns
  // in 160 + 140; 520 (8 channels of 5×13) in four parts of 128, 128, 128 and 136, two per thread, their first columns
  // 63, 61 and 59 into a channel); one sample, whose backward-data runs as im2col + GEMM (fewer samples than threads).
  { spec: { type: 'conv2d', filters: 17, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [12, 3, 4], n: 2 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: [3, 5], strides: 2, padding: 1 }, inShape: [20, 4, 3], n: 2 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [1, 4, 4], n: 30 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: [5, 13], strides: 2, padding: 0 }, inShape: [8, 5, 13], n: 2 },
  { spec: { type: 'conv2d', filters: 20, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [3, 6, 6], n: 4 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: 3, strides: 2, padding: 'same' }, inShape: [2, 9, 9], n: 6 },
  { spec: { type: 'conv2dTranspose', filters: 3, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [16, 2, 2], n: 2 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: [3, 2], strides: 1, padding: 'same' }, inShape: [1, 20, 20], n: 2 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [1, 3, 37], n: 3 },
  { spec: { type: 'conv2d', filters: 260, kernelSize: [1, 2], strides: 2 }, inShape: [2, 3, 4], n: 2 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: [1, 2], strides: 2 }, inShape: [2, 2, 30], n: 20 },
  { spec: { type: 'conv2d', filters: 16, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [2, 5, 6], n: 1 },
  { spec: { type: 'conv2dTranspose', filters: 3, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 }, inShape: [2, 5, 5], n: 7 },
  { spec: { type: 'conv2dTranspose', filters: 2, kernelSize: 5, strides: 1, padding: 2 }, inShape: [2, 9, 9], n: 1 },
  { spec: { type: 'conv2dTranspose', filters: 4, kernelSize: 3, strides: 1, padding: 'same' }, inShape: [3, 6, 6], n: 3 },
  { spec: { type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [2, 14, 14], n: 3 },
  { spec: { type: 'crop2d', cropping: [[0, 1], [0, 1]] }, inShape: [2, 8, 8], n: 3 },
  { spec: { type: 'crop2d', cropping: 1 }, inShape: [1, 5, 5], n: 1 },
  { spec: { type: 'flatten' }, inShape: [2, 3, 3], n: 3 },
  { spec: { type: 'reshape', targetShape: [2, 2, 3] }, inShape: [12], n: 7 },
  { spec: { type: 'relu' }, inShape: [2, 5, 5], n: 3 },
  { spec: { type: 'leakyRelu', alpha: 0.2 }, inShape: [11], n: 7 },
  { spec: { type: 'tanh' }, inShape: [2, 5, 5], n: 3 },
  { spec: { type: 'sigmoid' }, inShape: [13], n: 7 },
  { spec: { type: 'layerNorm' }, inShape: [7], n: 3 },
  { spec: { type: 'layerNorm' }, inShape: [2, 5, 5], n: 1 },
  { spec: { type: 'batchNorm' }, inShape: [6], n: 7 },
  { spec: { type: 'batchNorm' }, inShape: [2, 5, 5], n: 3 },
  // label-reading layers: more samples than classes, so table rows are shared and some may go unused
  { spec: { type: 'conditionalBatchNorm', classes: 3 }, inShape: [6], n: 7 },
  { spec: { type: 'conditionalBatchNorm', classes: 4 }, inShape: [2, 5, 5], n: 5 },
  { spec: { type: 'labelEmbedding', classes: 4, dim: 3 }, inShape: [5], n: 6 },
  // the conditional generator's block: labels reach the layers inside it
  {
    spec: {
      type: 'residual',
      body: [{ type: 'conditionalBatchNorm', classes: 3 }, { type: 'relu' }, { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }],
      shortcut: [{ type: 'conv2d', filters: 2, kernelSize: 1 }],
    },
    inShape: [2, 4, 4],
    n: 4,
    classes: 3,
  },
  { spec: { type: 'upsample2d' }, inShape: [3, 5, 5], n: 3 },
  { spec: { type: 'upsample2d', factor: 3 }, inShape: [1, 2, 3], n: 1 },
  { spec: { type: 'upsample2d', factor: 2 }, inShape: [4, 6, 9], n: 1 },
  { spec: { type: 'avgPool2d' }, inShape: [3, 6, 6], n: 3 },
  { spec: { type: 'avgPool2d', poolSize: 3 }, inShape: [1, 9, 6], n: 1 },
  { spec: { type: 'globalAvgPool' }, inShape: [4, 5, 5], n: 3 },
  { spec: { type: 'globalAvgPool' }, inShape: [1, 1, 9], n: 1 },
  { spec: { type: 'depthToSpace', blockSize: 2 }, inShape: [4, 5, 5], n: 3 },
  { spec: { type: 'depthToSpace', blockSize: 3 }, inShape: [9, 2, 3], n: 1 },
  // residual blocks: identity and 1x1 shortcuts, a scale, a nested block, curved layers in a branch, and
  // consecutive layers without weights or curvature (relu, pooling, a weightless block), whose gradients the
  // chain passes down without keeping them
  {
    spec: {
      type: 'residual',
      body: [
        { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
        { type: 'relu' },
        { type: 'avgPool2d' },
        { type: 'residual', body: [{ type: 'relu' }] },
        { type: 'conv2d', filters: 3, kernelSize: 1 },
      ],
      shortcut: [{ type: 'avgPool2d' }, { type: 'conv2d', filters: 3, kernelSize: 1 }],
    },
    inShape: [2, 6, 6],
    n: 3,
  },
  {
    spec: { type: 'residual', body: [{ type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' }, { type: 'relu' }, { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' }] },
    inShape: [3, 5, 5],
    n: 3,
  },
  {
    spec: {
      type: 'residual',
      body: [{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }, { type: 'tanh' }, { type: 'avgPool2d' }],
      shortcut: [{ type: 'avgPool2d' }, { type: 'conv2d', filters: 4, kernelSize: 1 }],
      scale: 0.3,
    },
    inShape: [1, 6, 6],
    n: 1,
  },
  {
    spec: {
      type: 'residual',
      body: [{ type: 'layerNorm' }, { type: 'residual', body: [{ type: 'dense', units: 5 }, { type: 'sigmoid' }], scale: 0.5 }, { type: 'dense', units: 4 }],
      shortcut: [{ type: 'dense', units: 4 }, { type: 'tanh' }],
    },
    inShape: [5],
    n: 3,
  },
];

/** '0.body.1.weight' → 'body.1.weight': the name within the layer. */
const withoutLayerIndex = (name: string) => name.slice(name.indexOf('.') + 1);

export const layerLabel = (c: LayerCase) => `${JSON.stringify(c.spec)} on [${c.inShape}] x${c.n}`;

/** What the five operations of a case run on: parameters by tensor name, input x, output gradient gy, tangent v. */
export interface LayerInputs {
  params: Record<string, Float32Array>;
  x: Float32Array;
  gy: Float32Array;
  v: Float32Array;
  /** one class per sample, for a case whose layer reads labels */
  labels?: Int32Array;
}

export type LayerResults = ReturnType<NativeModel['layerOps']>;

/** A one-layer model of the case with random parameters, and random inputs for it. */
export function layerCaseInputs(c: LayerCase, rnd: ReturnType<typeof makeRandom>): { model: Sequential; inputs: LayerInputs } {
  const model = new Sequential({ inputShape: c.inShape, layers: [c.spec] }, { seed: rnd.seed });
  // Random parameters (also for normalisation layers, whose defaults are 1 and 0).
  const tensors = model.tensors.filter((t) => t.trainable);
  const params = Object.fromEntries(tensors.map((t) => [t.name, rnd.array(t.size, -0.8, 0.8)]));
  model.setParameters(params);

  const inCount = c.n * model.inputSize, outCount = c.n * model.outputSize;
  const classes = labelClasses(c);
  const labels = classes ? rnd.labels(c.n, classes) : undefined;
  return { model, inputs: { params, x: rnd.array(inCount, -2, 2), gy: rnd.array(outCount), v: rnd.array(inCount), labels } };
}

/** The model's parameters as the oracle takes them. */
function oracleParams(model: Sequential): Params {
  return Object.fromEntries(Object.entries(model.parameters()).map(([name, t]) => [withoutLayerIndex(name), f64(t.data)]));
}

/** Checks the case's weight gradients (backwardParams) against the oracle: on its own for a layer too large for the
 *  finite differences of expectMatchesOracle. */
export function expectParamGradsMatchOracle(c: LayerCase, model: Sequential, inputs: LayerInputs, r: LayerResults, ctx: string): void {
  const oracle = oracleLayer(c.spec, c.inShape, inputs.labels);
  const ref = oracle.paramGrads(f64(inputs.x), f64(inputs.gy), c.n, oracleParams(model));
  for (const t of model.tensors.filter((t) => t.trainable)) {
    const ours = r.paramGrads.subarray(t.offset, t.offset + t.size);
    expect(relError(ours, ref[withoutLayerIndex(t.name)]), `backwardParams ${t.name} ${ctx}`).toBeLessThan(TOL);
  }
}

/** Checks the case's forward, backward-data and weight gradients (not the tangent and curvature, whose finite
 *  differences are slow on large layers) against the oracle. */
export function expectFirstOrderMatchesOracle(c: LayerCase, model: Sequential, inputs: LayerInputs, r: LayerResults, ctx: string): void {
  const oracle = oracleLayer(c.spec, c.inShape, inputs.labels);
  const params = oracleParams(model);
  expect(relError(r.y, oracle.forward(f64(inputs.x), c.n, params)), `forward ${ctx}`).toBeLessThan(TOL);
  expect(relError(r.gx, oracle.backwardData(f64(inputs.x), f64(inputs.gy), c.n, params)), `backwardData ${ctx}`).toBeLessThan(TOL);
  expectParamGradsMatchOracle(c, model, inputs, r, ctx);
}

/** Checks the results of the case's five operations (from any binary) on `inputs` against the oracle;
 *  `rnd` (the inputs' generator) draws the directions of the curvature check. */
export function expectMatchesOracle(c: LayerCase, model: Sequential, inputs: LayerInputs, r: LayerResults, rnd: ReturnType<typeof makeRandom>): void {
  const ctx = `(${layerLabel(c)}, seed ${rnd.seed})`;
  const oracle = oracleLayer(c.spec, c.inShape, inputs.labels);
  expect(model.outputShape).toEqual(oracle.outShape);
  const tensors = model.tensors.filter((t) => t.trainable);
  const params = oracleParams(model);
  const { x, gy, v } = inputs;
  const inCount = x.length;
  const X = f64(x), GY = f64(gy), V = f64(v);

  expectFirstOrderMatchesOracle(c, model, inputs, r, ctx);

  // tangent: Jv by central differences of the (float64) forward pass. The step is small so that it crosses a
  // ReLU's kink only where a pre-activation lies within ~1e-7 of 0 (1e-5 crossed one at -1.25e-6: the residual
  // conv-relu-conv case at seed 2053404128, in every binary); the differences' round-off stays near 1e-9.
  const h = 1e-7;
  const fPlus = oracle.forward(X.map((xi, i) => xi + h * V[i]), c.n, params);
  const fMinus = oracle.forward(X.map((xi, i) => xi - h * V[i]), c.n, params);
  expect(relError(r.w, fPlus.map((p, i) => (p - fMinus[i]) / (2 * h))), `tangent ${ctx}`).toBeLessThan(TOL);

  // curvature: s(x, θ) = v·(J(x)ᵀ gy) = gyᵀ J(x) v
  const s = (xx: Float64Array) => oracle.backwardData(xx, GY, c.n, params).reduce((acc, g, i) => acc + g * V[i], 0);
  const scale = norm(GY) * norm(V);
  if (inCount <= 400) {
    const refC = finiteDifferences(X, () => s(X));
    if (norm(refC) > 1e-6 * scale) expect(relError(r.c, refC), `curvature input term ${ctx}`).toBeLessThan(TOL);
    else expect(norm(r.c), `curvature input term is zero ${ctx}`).toBeLessThan(1e-6 * scale);
  } else {
    for (let k = 0; k < 3; k++) {
      const d = rnd.array(inCount);
      const dot = Array.from(r.c).reduce((acc, ci, i) => acc + ci * d[i], 0);
      expect(Math.abs(dot - directional(X, d, s)), `curvature input term along a direction ${ctx}`).toBeLessThan(TOL * scale * norm(d));
    }
  }
  for (const t of tensors) {
    const name = withoutLayerIndex(t.name);
    const ref = finiteDifferences(params[name], () => s(X));
    const ours = r.curvatureGrads.subarray(t.offset, t.offset + t.size);
    if (norm(ref) > 1e-6 * scale) expect(relError(ours, ref), `curvature ${t.name} ${ctx}`).toBeLessThan(TOL);
    else expect(norm(ours), `curvature ${t.name} is zero ${ctx}`).toBeLessThan(1e-6 * scale);
  }
}

