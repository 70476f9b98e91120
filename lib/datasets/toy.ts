/** The 2-D toy distributions of gan_toy.py (igul222/improved_wgan_training), generated on the fly. */
import type { DataRandom } from '../random.js';
import { DATASET_RANGE, type Dataset } from './dataset.js';

export type ToyName = 'toy-8gaussians' | 'toy-25gaussians' | 'toy-swissroll';

const s = 1 / Math.sqrt(2);
/** gan_toy.py: centres scaled by 2, std 0.02, then divided by 1.414 */
export const EIGHT_GAUSSIAN_CENTRES: [number, number][] = [
  [1, 0], [-1, 0], [0, 1], [0, -1], [s, s], [s, -s], [-s, s], [-s, -s],
].map(([x, y]) => [(2 * x) / 1.414, (2 * y) / 1.414]);
export const EIGHT_GAUSSIAN_STD = 0.02 / 1.414;

/** gan_toy.py: a 5x5 grid at spacing 2 with std 0.05, divided by 2.828 */
export const TWENTY_FIVE_GAUSSIAN_CENTRES: [number, number][] = [];
for (let x = -2; x <= 2; x++) for (let y = -2; y <= 2; y++) TWENTY_FIVE_GAUSSIAN_CENTRES.push([(2 * x) / 2.828, (2 * y) / 2.828]);
export const TWENTY_FIVE_GAUSSIAN_STD = 0.05 / 2.828;

function point(name: ToyName, rng: DataRandom): [number, number] {
  switch (name) {
    case 'toy-8gaussians': {
      const [cx, cy] = EIGHT_GAUSSIAN_CENTRES[rng.int(8)];
      return [cx + rng.normal() * EIGHT_GAUSSIAN_STD, cy + rng.normal() * EIGHT_GAUSSIAN_STD];
    }
    case 'toy-25gaussians': {
      const [cx, cy] = TWENTY_FIVE_GAUSSIAN_CENTRES[rng.int(25)];
      return [cx + rng.normal() * TWENTY_FIVE_GAUSSIAN_STD, cy + rng.normal() * TWENTY_FIVE_GAUSSIAN_STD];
    }
    case 'toy-swissroll': {
      // sklearn.datasets.make_swiss_roll(noise=0.25), columns x and z, divided by 7.5
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      return [(t * Math.cos(t) + 0.25 * rng.normal()) / 7.5, (t * Math.sin(t) + 0.25 * rng.normal()) / 7.5];
    }
  }
}

export function toyDataset(name: ToyName): Dataset {
  const fill = (rng: DataRandom, n: number, out: Float32Array, offset: number) => {
    for (let b = 0; b < n; b++) {
      const [x, y] = point(name, rng);
      out[offset + 2 * b] = x;
      out[offset + 2 * b + 1] = y;
    }
  };
  return { name, sampleShape: [2], range: [...DATASET_RANGE[name]], sample: fill, sampleHeldOut: fill };
}
