/**
 * Latent points: the noise z of a seed, and the path between two of them. The page and
 * `wgan-gp sample --seeds/--interpolate` share these, so seed 7 in the page is seed 7 on the command line.
 */

/** mulberry32: a small 32-bit generator, the same in every JavaScript engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** zDim standard normals for a seed (an integer in [0, 2³²)), by Box-Muller. */
export function latentForSeed(seed: number, zDim: number): Float32Array {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError(`a seed must be an integer in [0, 2^32), got ${seed}`);
  const next = mulberry32(seed);
  const z = new Float32Array(zDim);
  for (let i = 0; i < zDim; i++) {
    const u1 = 1 - next(), u2 = next();
    z[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return z;
}

/** The latents of several seeds, one after another. */
export function latentsForSeeds(seeds: readonly number[], zDim: number): Float32Array {
  const z = new Float32Array(seeds.length * zDim);
  seeds.forEach((s, i) => z.set(latentForSeed(s, zDim), i * zDim));
  return z;
}

/** Spherical interpolation at t in [0, 1]: Gaussian noise has nearly constant norm, and a straight line
 *  between two such points passes through unlikely short vectors; the arc does not. Exactly a at 0, b at 1. */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1))));
  const so = Math.sin(omega);
  // nearly parallel: the arc is a line
  const [ka, kb] = so < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / so, Math.sin(t * omega) / so];
  return a.map((v, i) => ka * v + kb * b[i]);
}

/** `steps` points from a to b, both ends included, one after another. */
export function interpolation(a: Float32Array, b: Float32Array, steps: number): Float32Array {
  const out = new Float32Array(steps * a.length);
  for (let k = 0; k < steps; k++) out.set(slerp(a, b, steps === 1 ? 0 : k / (steps - 1)), k * a.length);
  return out;
}
