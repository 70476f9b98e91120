/** Shared test helpers: fresh random data with a printed seed, error measures, finite differences, the CLI. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

export const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');

/** Runs the built `wgan-gp` command as a child process. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** mulberry32: a small seeded generator so a failing case can be replayed from its seed. */
export function makeRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    /** float32 values in [lo, hi) */
    array: (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * next()),
    /** n class labels, uniform in [0, classes) */
    labels: (n: number, classes: number) => Int32Array.from({ length: n }, () => Math.min(classes - 1, Math.floor(classes * next()))),
  };
}

/** A fresh seed per run (override with TEST_SEED to replay one). */
export function freshSeed(): number {
  return process.env.TEST_SEED ? Number(process.env.TEST_SEED) : Math.floor(Math.random() * 2 ** 31);
}

export const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

/** ‖ours − ref‖ / ‖ref‖ (norm-wise relative error) */
export function relError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length ${ours.length} vs ${ref.length}`);
  let diff = 0, norm = 0;
  for (let i = 0; i < ref.length; i++) {
    diff += (ours[i] - ref[i]) ** 2;
    norm += ref[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
}

export function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] ** 2;
  return Math.sqrt(s);
}

/** Central differences of f at x, one coordinate at a time (x is restored). The step is small so that it
 *  rarely straddles a ReLU kink (seed 329685641 of the generator test put a pre-activation 3e-5 from
 *  one, and h = 1e-5 crossed it); in the float64 oracle its round-off stays near 1e-9 relative. */
export function finiteDifferences(x: Float64Array, f: () => number, h = 1e-7): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const plus = f();
    x[i] = keep - h;
    const minus = f();
    x[i] = keep;
    g[i] = (plus - minus) / (2 * h);
  }
  return g;
}

/** Directional central difference (f(x + h·d) − f(x − h·d)) / 2h. */
export function directional(x: Float64Array, d: ArrayLike<number>, f: (x: Float64Array) => number, h = 1e-5): number {
  const plus = x.map((v, i) => v + h * d[i]);
  const minus = x.map((v, i) => v - h * d[i]);
  return (f(plus) - f(minus)) / (2 * h);
}

/** Each trainable tensor's slice of the flat `grads`: exactly zero for the names in `absorbed` (a bias right before
 * batch statistics), some non-zero value for every other (so that comparisons of these gradients say something). */
export function expectGradientsReached(
  tensors: readonly { name: string; size: number; trainable: boolean }[],
  grads: Float32Array,
  absorbed: readonly string[],
  label = '',
): void {
  let offset = 0;
  for (const t of tensors.filter((t) => t.trainable)) {
    const g = grads.subarray(offset, offset + t.size);
    offset += t.size;
    if (absorbed.includes(t.name)) expect(g.every((v) => v === 0), `${label}${t.name}: ${g.join(' ')}`).toBe(true);
    else expect(g.some((v) => v !== 0), `${label}${t.name} has a gradient`).toBe(true);
  }
  expect(offset).toBe(grads.length);
}
