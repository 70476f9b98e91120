/** `wgan-gp eval`: sample-quality metrics of a checkpoint or of a run folder's newest checkpoint. */
import type { Command } from 'commander';
import { evaluate } from '../eval/evaluate.js';
import { CONFIDENT_PROBABILITY } from '../eval/images.js';
import type { QualityMetrics } from '../eval/quality.js';
import { MODE_MIN_SHARE, STD_MULTIPLE } from '../eval/toy.js';
import { nonNegativeInt, positiveInt } from './parse.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'sample-quality metrics of a checkpoint (toy sets: modes covered, high-quality share; swiss roll: distance to the spiral; ' +
        'MNIST, Fashion-MNIST: classifier score, classes covered, Fréchet distance, and label accuracy for conditional runs; other images: sliced Wasserstein distance)',
    )
    .argument('<path>', 'a checkpoint file, or a run folder (its newest checkpoint)')
    .option('--n <count>', 'samples to generate (default: 2500 points, 5000 MNIST images, 1024 other images)', positiveInt)
    .option('--seed <n>', 'seed of the noise', nonNegativeInt, 0)
    .option('--json', 'print one JSON object')
    .option('--no-ema', "measure the trained weights, not the checkpoint's EMA generator (the default where it has one)")
    .action(async (path: string, flags: { n?: number; seed: number; json?: boolean; ema: boolean }) => {
      const e = await evaluate(path, { n: flags.n, seed: flags.seed, ema: flags.ema });
      if (flags.json) return console.log(JSON.stringify(e));
      console.log(`${e.checkpoint} (${e.dataset}, iteration ${e.iteration}, ${e.metrics.samples} samples)`);
      for (const line of describeMetrics(e.metrics)) console.log(line);
    });
}

function describeMetrics(m: QualityMetrics): string[] {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  switch (m.kind) {
    case 'modes':
      return [
        `modes covered:       ${m.covered}/${m.modes}  (a mode counts with >= ${MODE_MIN_SHARE * 100}% of its fair share within ${STD_MULTIPLE} std)`,
        `high-quality share:  ${percent(m.highQualityShare)}  (within ${STD_MULTIPLE} std of a mode)`,
        `per mode:            ${m.perMode.join(' ')}`,
      ];
    case 'manifold':
      return [`mean distance to the spiral: ${m.meanDistance.toFixed(4)}`, `within ${STD_MULTIPLE} noise std:       ${percent(m.nearShare)}`];
    case 'classifier':
      return [
        `classifier score:    ${m.classifierScore.toFixed(2)}  (Inception-Score formula with the shipped classifier; 10 is the best)`,
        `classes covered:     ${m.classesCovered}/${m.classes}  (a class counts with >= ${MODE_MIN_SHARE * 100}% of its fair share)`,
        `per class:           ${m.classHistogram.join(' ')}`,
        `confident samples:   ${percent(m.confidentShare)}  (top probability >= ${CONFIDENT_PROBABILITY}; mean top probability ${m.meanConfidence.toFixed(3)})`,
        `Fréchet distance:    ${m.frechetDistance.toFixed(2)}  (classifier features vs the test set)`,
        ...(m.labelAccuracy === undefined
          ? []
          : [
              `label accuracy:      ${percent(m.labelAccuracy)}  (samples drawn for class c that the classifier gives c; a conditional generator, classes drawn evenly)`,
              `per class:           ${m.labelAccuracyByClass!.map((a) => (a * 100).toFixed(1)).join(' ')}`,
            ]),
      ];
    case 'swd':
      return [
        `sliced Wasserstein distance x1e3: ${m.swd.toFixed(2)}  (mean of the pyramid levels; generated vs held-out images, 0 = same distribution)`,
        `per level:           ${m.levels.map((l) => `${l.resolution}px ${l.swd.toFixed(2)}`).join('  ')}`,
      ];
  }
}
