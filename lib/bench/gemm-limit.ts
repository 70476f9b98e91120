/**
 * The GEMM limit of BENCHMARKS.md, measured in the same run as the iteration it rates: the GFLOP/s of one
 * 2048 × 2048 × 2048 single-precision product on the CPU backend's own GEMM path (a dense layer's forward: OpenBLAS,
 * split over the threads as the layers' products are), median of 12 after 2 warm-up. Each product is timed by the
 * native GEMM timer, not around the call, whose copies of the 16 MB input and output would take 5–10% off the rate.
 * A config's share of the limit is its FLOP count per second (lib/bench/flops.ts) over this figure.
 */
import { native } from '../native.js';
import { Sequential } from '../sequential.js';
import { summarize } from './bench.js';

export const GEMM_LIMIT_SIZE = 2048;
const WARMUP = 2, TIMED = 12;

export async function measureGemmLimit(): Promise<number> {
  const n = GEMM_LIMIT_SIZE;
  const layer = new Sequential({ inputShape: [n], layers: [{ type: 'dense', units: n }] }, { seed: 1 });
  try {
    const x = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const ms: number[] = [];
    for (let r = 0; r < WARMUP + TIMED; r++) {
      const before = native().primitiveTimes().gemm;
      await layer.predictAsync(x, n);
      if (r >= WARMUP) ms.push(native().primitiveTimes().gemm - before);
    }
    return (2 * n ** 3) / summarize(ms).median / 1e6;
  } finally {
    layer.dispose();
  }
}
