/** `wgan-gp eval`: sample-quality metrics of a checkpoint or of a run folder's newest checkpoint. */
import type { Command } from 'commander';
import { evaluate } from '../eval/evaluate.js';
import { MODE_MIN_SHARE, STD_MULTIPLE } from '../eval/toy.js';
import { nonNegativeInt, positiveInt } from './parse.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('sample-quality metrics of a checkpoint (toy sets: modes covered, high-quality share; swiss roll: distance to the spiral)')
    .argument('<path>', 'a checkpoint file, or a run folder (its newest checkpoint)')
    .option('--n <count>', 'samples to generate', positiveInt, 2500)
    .option('--seed <n>', 'seed of the noise', nonNegativeInt, 0)
    .option('--json', 'print one JSON object')
    .action((path: string, flags: { n: number; seed: number; json?: boolean }) => {
      const e = evaluate(path, flags);
      if (flags.json) return console.log(JSON.stringify(e));
      console.log(`${e.checkpoint} (${e.dataset}, iteration ${e.iteration}, ${e.metrics.samples} samples)`);
      const m = e.metrics;
      if (m.kind === 'modes') {
        console.log(`modes covered:       ${m.covered}/${m.modes}  (a mode counts with >= ${MODE_MIN_SHARE * 100}% of its fair share within ${STD_MULTIPLE} std)`);
        console.log(`high-quality share:  ${(m.highQualityShare * 100).toFixed(1)}%  (within ${STD_MULTIPLE} std of a mode)`);
        console.log(`per mode:            ${m.perMode.join(' ')}`);
      } else {
        console.log(`mean distance to the spiral: ${m.meanDistance.toFixed(4)}`);
        console.log(`within ${STD_MULTIPLE} noise std:       ${(m.nearShare * 100).toFixed(1)}%`);
      }
    });
}
