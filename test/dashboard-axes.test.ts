/** Readable plots: round ticks, their labels, the smoothing, the y-range that leaves out an early spike, log scale; the PNG charts that use them. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { lineChartsPng } from '../lib/render/charts.js';
import { axisNote, xAxis, yAxis } from '../lib/render/ranges.js';
import { smoothEma } from '../lib/render/smoothing.js';
import { formatTick, formatTicks, linearTicks, logTicks, niceExtent, niceStep } from '../lib/render/ticks.js';
import { freshSeed, makeRandom } from './helpers.js';

const isRound = (step: number) => {
  const m = step / 10 ** Math.floor(Math.log10(step));
  return [1, 2, 5].some((r) => Math.abs(m - r) < 1e-9);
};

describe('ticks', () => {
  it('are 1, 2 or 5 × 10^k apart, inside the range, for random ranges', () => {
    const rnd = makeRandom(freshSeed());
    for (let t = 0; t < 500; t++) {
      const lo = (rnd.next() - 0.5) * 10 ** (rnd.next() * 12 - 6);
      const hi = lo + 10 ** (rnd.next() * 12 - 8);
      const ticks = linearTicks(lo, hi);
      expect(ticks.length, `seed ${rnd.seed} [${lo}, ${hi}]`).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(12);
      const step = niceStep(lo, hi);
      expect(isRound(step)).toBe(true);
      for (const v of ticks) {
        expect(v).toBeGreaterThanOrEqual(lo - step * 1e-6);
        expect(v).toBeLessThanOrEqual(hi + step * 1e-6);
        expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6 * Math.max(1, Math.abs(v / step)));
      }
    }
  });

  it("label the issue's examples at round values: no 0.0962, -1.10, -2.31 or 2.7e-3", () => {
    expect(formatTicks(linearTicks(-2.31, 0.0962))).toEqual(['-2', '-1.5', '-1', '-0.5', '0']);
    expect(formatTicks(linearTicks(0, 0.0027))).toEqual(['0', '0.0005', '0.001', '0.0015', '0.002', '0.0025']);
    expect(formatTicks(linearTicks(0, 5000))).toEqual(['0', '1k', '2k', '3k', '4k', '5k']);
    expect(formatTicks(linearTicks(0, 2000))).toEqual(['0', '500', '1k', '1.5k', '2k']);
    expect(formatTicks(linearTicks(0, 1_000_000))).toEqual(['0', '200k', '400k', '600k', '800k', '1M']);
    expect(formatTick(0.1 + 0.2, 0.1)).toBe('0.3');
    expect(formatTick(2e-5, 1e-5)).toBe('2e-5');
    expect(niceExtent(-2.31, 0.0962)).toEqual([-2.5, 0.5]);
  });

  it('on a log axis are powers of ten (with 2 and 5 over few decades)', () => {
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(formatTicks(logTicks(0.001, 10), true)).toEqual(['0.001', '0.01', '0.1', '1', '10']);
    expect(logTicks(1e-8, 1e4).length).toBeLessThanOrEqual(7);
  });
});

describe('smoothing', () => {
  it('is a normalised moving average with decay per iteration, not per point', () => {
    const x = [0, 1, 2, 3];
    const y = [1, 1, 1, 1];
    expect(smoothEma(x, y, 10)).toEqual([1, 1, 1, 1]); // no pull towards 0 at the start
    const step = smoothEma([0, 1, 2], [0, 10, 10], 1);
    const w = Math.exp(-1);
    expect(step[1]).toBeCloseTo(10 / (1 + w), 12);
    expect(step[2]).toBeCloseTo((10 + 10 * w) / (1 + w + w * w), 12);
    // the same curve sampled every iteration or every 10th iteration smooths to about the same values
    const dense = Array.from({ length: 1001 }, (_, i) => i);
    const f = (i: number) => Math.sin(i / 100);
    const a = smoothEma(dense, dense.map(f), 50);
    const sparse = dense.filter((i) => i % 10 === 0);
    const b = smoothEma(sparse, sparse.map(f), 50);
    // (a point every 10 iterations lags by about 5 of them: 5 × |f'| ≈ 0.04 here)
    expect(Math.abs(a[1000]! - b[100]!)).toBeLessThan(0.05);
    expect(smoothEma([0, 1, 2], [1, null, 3], 0)).toEqual([1, null, 3]);
  });
});

describe('the y axis', () => {
  const iterations = Array.from({ length: 1000 }, (_, i) => i + 1);
  it('leaves out an early spike that would flatten the rest, and says so', () => {
    const y = iterations.map((i) => (i < 20 ? 50 : 1 + 0.1 * Math.sin(i)));
    const ya = yAxis([{ x: iterations, y }])!;
    expect(ya.log).toBe(false);
    expect(ya.leftOutBefore).toBeCloseTo(1 + 0.05 * 999, 6);
    expect(ya.max).toBeLessThan(2);
    expect(ya.min).toBeGreaterThan(0);
    expect(axisNote(ya)).toBe('y-range leaves out iterations < 51 (off the chart)');
    // no spike: the whole range, nothing left out
    const calm = yAxis([{ x: iterations, y: iterations.map((i) => Math.sin(i / 50)) }])!;
    expect(calm.leftOutBefore).toBeNull();
    expect([calm.min, calm.max]).toEqual([-1, 1]);
  });

  it('is log scale where positive values span decades', () => {
    const ya = yAxis([{ x: iterations, y: iterations.map((i) => 10 ** (1 - (3 * i) / 1000)) }])!;
    expect(ya.log).toBe(true);
    expect(ya.leftOutBefore).toBeNull();
    expect([ya.min, ya.max]).toEqual([0.01, 10]);
    // 10/i spends a third of its decades in the first 5%: those are left out, in log terms
    expect(yAxis([{ x: iterations, y: iterations.map((i) => 10 / i) }])!.leftOutBefore).not.toBeNull();
    expect(axisNote(ya)).toMatch(/^log scale/);
    expect(yAxis([{ x: iterations, y: iterations.map((i) => (i % 2 ? -1 : 1) * i) }])!.log).toBe(false);
    expect(yAxis([{ x: [1], y: [null] }])).toBeNull();
    expect(xAxis(1, 5000).ticks).toEqual([1000, 2000, 3000, 4000, 5000]);
  });
});

describe('PNG line charts', () => {
  it('draw a million-point curve (downsampled to the pixel columns)', () => {
    const n = 1_000_000;
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const y = x.map((i) => (i < 1000 ? 100 : Math.sin(i / 5e4)));
    const png = PNG.sync.read(lineChartsPng([{ title: 'long', series: [{ label: 'y', x, y, color: '#2b83ba' }] }], 'iteration'));
    expect(png.width).toBe(720);
    // some pixels are the curve's blue
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 100 && png.data[i + 2] > 150) blue++;
    expect(blue).toBeGreaterThan(500);
  });
});
