/**
 * `wgan-gp bench --config images64-packed`: does reading batches show in the step time? The dcgan64
 * iteration (batch 64, mirror on) trained from one packed file of synthetic 64×64 RGB images, once
 * loaded into memory and once streamed from disk, each in its own child process (so each has its own
 * peak RSS). Iteration time is the wall time between iterations, waiting for the batch included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackedWriter } from '../datasets/packed.js';
import { DataRandom } from '../random.js';
import type { BenchResult } from './bench.js';
import { runChild, type PeerPlan } from './peers.js';

export const DATA_BENCH_CONFIG = 'images64-packed';
/** The images of the memory target: 50,000 64×64 RGB images, 614 MB of bytes. */
export const DATA_BENCH_IMAGES = 50_000;

/** Writes a packed file of n synthetic 64×64 RGB images (smooth random gradients, 10 classes). */
export async function syntheticPackedFile(file: string, n: number): Promise<void> {
  const writer = await PackedWriter.create(file, [3, 64, 64]);
  const rng = DataRandom.seeded(1), image = new Uint8Array(3 * 64 * 64);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.uniform() * 4, rng.uniform() * 4, rng.int(256)];
    for (let p = 0; p < image.length; p++) image[p] = (c + a * (p % 64) + b * ((p >> 6) % 64)) & 255;
    await writer.append(image, i % 10, `synthetic-${i}`);
  }
  await writer.finish({ classes: Array.from({ length: 10 }, (_, k) => `class${k}`), source: 'synthetic', fit: null, skipped: { count: 0, first: [] } });
}

export async function benchPackedData(plan: PeerPlan, images = DATA_BENCH_IMAGES, log: (m: string) => void = () => {}): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-bench-'));
  try {
    const file = join(dir, 'synthetic.wgands');
    log(`  writing ${images} synthetic 64x64 images to ${file} ...`);
    await syntheticPackedFile(file, images);
    const script = fileURLToPath(new URL('./data-peer.js', import.meta.url));
    const results: BenchResult[] = [];
    for (const storage of ['memory', 'stream'] as const) {
      log(`  wgan-gp dcgan64, ${storage} ...`);
      const args = [script, file, storage, String(plan.warmup), String(plan.iterations), String(plan.budgetMs), String(plan.threads)];
      results.push(await runChild(`wgan-gp ${storage === 'memory' ? 'in memory' : 'packed, streamed'}`, process.execPath, args, plan));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
