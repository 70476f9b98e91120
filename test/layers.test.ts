/**
 * Every native layer operation against the float64 oracle, on fresh random inputs (the cases, the check and
 * its tolerance: test/layer-cases.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential } from '../lib/index.js';
import { expectFirstOrderMatchesOracle, expectMatchesOracle, expectParamGradsMatchOracle, layerCaseInputs, layerCases as cases, layerLabel as label, type LayerCase } from './layer-cases.js';
import { freshSeed, makeRandom } from './helpers.js';

function checkAgainstOracle(c: LayerCase): void {
  const rnd = makeRandom(freshSeed());
  const { model, inputs } = layerCaseInputs(c, rnd);
  const r = model.native.layerOps(0, inputs.x, inputs.gy, inputs.v, c.n, 'cpu', inputs.labels);
  expectMatchesOracle(c, model, inputs, r, rnd);
}

describe.each(cases)('layer $spec.type', (c) => {
  it(`matches the float64 oracle: ${label(c)}`, () => checkAgainstOracle(c));
});

/** Within the enclosing describe block: the oracle test of `chosen` with the environment variable `name` set to
 * `value`, and a typed error naming the variable for the value `bad`. */
function underEnv(name: string, value: string, bad: string, chosen: LayerCase[]): void {
  const before = process.env[name];
  beforeAll(() => {
    process.env[name] = value;
  });
  afterAll(() => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  });
  it.each(chosen.map((c) => [label(c), c] as const))('matches the float64 oracle: %s', (_, c) => checkAgainstOracle(c));
  it(`rejects ${name}=${bad} with a typed error naming it`, () => {
    process.env[name] = bad;
    try {
      const model = new Sequential({ inputShape: [1, 4, 4], layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }] });
      expect(() => model.native.layerOps(0, new Float32Array(16), new Float32Array(4), new Float32Array(16), 1)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining(name) }),
      );
    } finally {
      process.env[name] = value;
    }
  });
}

// cuDNN pads both sides equally, so the CUDA backend runs TensorFlow's asymmetric 'same' padding as an
// unpadded convolution over a zero-padded copy; WGAN_GP_CONV=gemm-padded takes that path on the CPU.
describe('convolutions over explicitly padded copies (WGAN_GP_CONV=gemm-padded)', () => {
  underEnv('WGAN_GP_CONV', 'gemm-padded', 'fastest', cases.filter((c) => c.spec.type.startsWith('conv')));
});

// The CPU runs 3×3 stride-1 kernels as Winograd F(2×2, 3×3) (cpu/winograd_convolution.h); WGAN_GP_CONV=gemm
// runs every convolution as im2col + GEMM, the way the other kernels and the CUDA backend without cuDNN run.
describe('convolutions as im2col + GEMM (WGAN_GP_CONV=gemm)', () => {
  underEnv('WGAN_GP_CONV', 'gemm', 'winograd-4x4', cases.filter((c) => c.spec.type.startsWith('conv') || c.spec.type === 'residual'));
});

// Winograd's forward and backward-data products run on the project's AVX-512 kernel where the CPU has it
// (cpu/avx512_gemm.h; cli.test.ts checks that it does here); WGAN_GP_GEMM=blas runs them on OpenBLAS, as CPUs
// without AVX-512 do.
describe("Winograd's products on OpenBLAS (WGAN_GP_GEMM=blas)", () => {
  underEnv('WGAN_GP_GEMM', 'blas', 'avx2', cases.filter((c) => c.spec.type.startsWith('conv') || c.spec.type === 'residual'));
});

// The convolutions run the batch in chunks of samples; WGAN_GP_CONV_CHUNK=1 makes every chunk one
// sample, so the weight gradient is summed over chunks and each chunk's columns (or Winograd tiles) reuse the
// shared workspace.
describe('convolutions in chunks of one sample (WGAN_GP_CONV_CHUNK=1)', () => {
  underEnv('WGAN_GP_CONV_CHUNK', '1', '0', cases.filter((c) => c.spec.type.startsWith('conv') || c.spec.type === 'residual'));
});

// The weight gradients of the Winograd and pointwise convolutions, and the pointwise forward and backward-data, run on
// the AVX-512 kernel through a copy of B (cpu/avx512_products.h): B's columns in panels of 32 (37 channels: a whole
// panel and one of 5; 156 pixels: four and one of 28), the weight gradient's inner sum in blocks of 128 (270 tiles
// in one chunk, 135 in each of two chunks, 156 pixels). Layers too large for the cases' finite differences: their
// forward, backward-data and weight gradients. Under WGAN_GP_GEMM=blas the same layers run on OpenBLAS.
describe.each([
  ['', 'auto'],
  ['WGAN_GP_CONV_CHUNK', '1'],
  ['WGAN_GP_GEMM', 'blas'],
])('products of several panels and inner blocks (%s %s)', (name, value) => {
  const wide: LayerCase[] = [
    { spec: { type: 'conv2d', filters: 40, kernelSize: 3, padding: 'same' }, inShape: [37, 18, 30], n: 2 },
    { spec: { type: 'conv2d', filters: 40, kernelSize: 1 }, inShape: [37, 12, 13], n: 3 },
  ];
  it.each(wide.map((c) => [label(c), c] as const))('match the float64 oracle: %s', (_, c) => {
    const before = name ? process.env[name] : undefined;
    if (name) process.env[name] = value;
    try {
      const rnd = makeRandom(freshSeed());
      const { model, inputs } = layerCaseInputs(c, rnd);
      const r = model.native.layerOps(0, inputs.x, inputs.gy, inputs.v, c.n, 'cpu');
      expectFirstOrderMatchesOracle(c, model, inputs, r, `${label(c)}, seed ${rnd.seed}`);
    } finally {
      if (name && before === undefined) delete process.env[name];
      else if (name) process.env[name] = before;
    }
  });
});

// The blocked weight gradient sums a weight of over 2^21 floats in runs of 512 pixels, not 256
// (cpu/blocked_convolution.cpp): 256 filters of 336×5×5 (2.15 M floats), 64 samples of 3×3 pixels (runs of 512 + 64,
// the first ending inside a sample). Too large for the cases' finite differences: its weight gradient alone.
describe('a weight gradient of over 2^21 floats (runs of 512 pixels)', () => {
  it('matches the float64 oracle', () => {
    const c: LayerCase = { spec: { type: 'conv2d', filters: 256, kernelSize: 5, strides: 2, padding: 'same' }, inShape: [336, 6, 6], n: 64 };
    const rnd = makeRandom(freshSeed());
    const { model, inputs } = layerCaseInputs(c, rnd);
    const r = model.native.layerOps(0, inputs.x, inputs.gy, inputs.v, c.n, 'cpu');
    expectParamGradsMatchOracle(c, model, inputs, r, `${label(c)}, seed ${rnd.seed}`);
  });
});
