/**
 * Dequantisation noise (gan_cifar_resnet.py): real images are bytes, so their values sit on a grid of
 * range/256 steps; adding U(0, step) to each value makes the real distribution continuous, as the reference
 * does with U(0, 1/128) on [-1, 1]. The noise comes from the data generator, so a resumed run adds the same.
 */
import type { DataRandom } from '../random.js';

export function addDequantizationNoise(values: Float32Array, range: [number, number], rng: DataRandom): void {
  const step = (range[1] - range[0]) / 256;
  for (let i = 0; i < values.length; i++) values[i] += step * rng.uniform();
}
