/** The seeded generator of the data pipeline (xoroshiro128+ from pure-rand): its state is a few
 *  integers, saved in checkpoints so a resumed run draws the same batches. */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class DataRandom {
  private constructor(private readonly gen: Generator) {}

  static seeded(seed: number): DataRandom {
    return new DataRandom(xoroshiro128plus(seed | 0));
  }
  static fromState(state: readonly number[]): DataRandom {
    return new DataRandom(xoroshiro128plusFromState(state));
  }
  state(): number[] {
    return [...this.gen.getState()];
  }

  /** uniform in [0, 1) */
  uniform(): number {
    return uniformFloat64(this.gen);
  }
  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
  /** standard normal (Box-Muller) */
  normal(): number {
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
