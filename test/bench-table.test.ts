/**
 * The benchmark table: each row's speed-up is against wgan-gp on the same kind of device (GPU rows against
 * `wgan-gp cuda`, the others against `wgan-gp` on the CPU), and sub-10 ms figures keep three decimals.
 */
import { describe, expect, it } from 'vitest';
import { formatTable, type BenchResult } from '../lib/bench/bench.js';

const row = (name: string, median: number): BenchResult => ({
  name,
  msPerIter: { median, min: median, max: median, n: 3 },
  msPerCriticStep: median / 6,
  msPerGenStep: median / 6,
  peakRssMB: 100,
});

describe('formatTable', () => {
  it('compares GPU rows with wgan-gp cuda and CPU rows with wgan-gp', () => {
    const table = formatTable('mnist', [row('wgan-gp', 1000), row('wgan-gp cuda', 2), row('wgan-gp cuda-nograph', 5), row('pytorch', 3000), row('pytorch-cuda', 7)]);
    const speedUp = (name: string) => table.split('\n').find((l) => l.startsWith(`${name} `))?.trim().split(/\s+/).at(-1);
    expect(speedUp('wgan-gp')).toBe('1.00x');
    expect(speedUp('wgan-gp cuda')).toBe('1.00x');
    expect(speedUp('wgan-gp cuda-nograph')).toBe('2.50x');
    expect(speedUp('pytorch')).toBe('3.00x');
    expect(speedUp('pytorch-cuda')).toBe('3.50x');
    expect(table).toContain('2.000');
    expect(table).toContain('1000.0');
  });
});
