/** The FLOP count of the benchmark iteration (BENCHMARKS.md, "What is measured"): the figures of the
 *  three configs, counted once by hand from their layer shapes, and the count's parts. */
import { describe, expect, it } from 'vitest';
import { BENCH_CONFIGS } from '../lib/bench/bench.js';
import { forwardMultiplyAdds, iterationFlops } from '../lib/bench/flops.js';
import { PRESETS } from '../lib/index.js';

describe('benchmark FLOPs', () => {
  it('counts the multiply-adds of dense layers and (transposed) convolutions', () => {
    expect(forwardMultiplyAdds({ inputShape: [3], layers: [{ type: 'dense', units: 4 }, { type: 'relu' }, { type: 'dense', units: 2 }] })).toBe(12 + 8);
    // 5x5 stride 2 'same' on 1x28x28 -> 64x14x14: every output value takes 1·25 multiply-adds
    expect(forwardMultiplyAdds({ inputShape: [1, 28, 28], layers: [{ type: 'conv2d', filters: 64, kernelSize: 5, strides: 2, padding: 'same' }] })).toBe(64 * 14 * 14 * 25);
    // the transpose: every input value of 64x14x14 spreads over 1·25 outputs
    expect(forwardMultiplyAdds({ inputShape: [64, 14, 14], layers: [{ type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'same' }] })).toBe(64 * 14 * 14 * 25);
  });

  it('gives 13.5, 117.7 and 687.9 GFLOP per iteration for toy, mnist and cifar', () => {
    const gflop = (config: keyof typeof BENCH_CONFIGS) => iterationFlops(PRESETS[BENCH_CONFIGS[config]]) / 1e9;
    expect(gflop('toy')).toBeCloseTo(13.46, 2);
    expect(gflop('mnist')).toBeCloseTo(117.72, 2);
    expect(gflop('cifar')).toBeCloseTo(687.94, 2);
  });
});
