/** `wgan-gp sample`: samples of a checkpoint's generator as JSON, NumPy or a PNG picture. */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { DATASET_RANGE } from '../datasets/index.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeNpy } from '../npy.js';
import { generateSamples, loadCheckpointModels } from '../sample.js';
import { samplesPng } from '../train/visuals.js';
import { nonNegativeInt, positiveInt } from './parse.js';

interface SampleFlags {
  checkpoint: string;
  n: number;
  format: 'json' | 'png' | 'npy';
  out?: string;
  seed: number;
}

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description("draw samples from a checkpoint's generator")
    .requiredOption('--checkpoint <file>', 'a checkpoint written by train (.safetensors)')
    .option('--n <count>', 'how many samples', positiveInt, 64)
    .addOption(new Option('--format <format>', 'json: {"shape", "data"}; png: an image grid (a scatter plot for 2-D data); npy: a NumPy float32 array').choices(['json', 'png', 'npy']).default('png'))
    .option('--out <file>', 'the output file (json also goes to stdout when omitted)')
    .option('--seed <n>', 'seed of the noise', nonNegativeInt, 0)
    .action(runSample);
}

async function runSample(flags: SampleFlags): Promise<void> {
  if (!flags.out && flags.format !== 'json') throw new InvalidArgumentError(`--out <file> is needed for --format ${flags.format}`);
  const models = loadCheckpointModels(flags.checkpoint);
  try {
    const { generator, critic, checkpoint } = models;
    const data = await generateSamples(generator, flags.n, flags.seed);
    const shape = [flags.n, ...generator.outputShape];
    let bytes: Buffer;
    if (flags.format === 'json') bytes = Buffer.from(JSON.stringify({ shape, data: Array.from(data) }) + '\n');
    else if (flags.format === 'npy') bytes = encodeNpy(data, shape);
    else {
      const { dataset } = checkpoint.config;
      bytes = samplesPng(data, flags.n, generator.outputShape, dataset, DATASET_RANGE[dataset], critic, `${dataset}, iteration ${checkpoint.iteration}`);
    }
    if (flags.out) {
      writeFileSync(flags.out, bytes);
      console.error(`wrote ${flags.n} samples of shape [${shape.slice(1)}] (iteration ${checkpoint.iteration}) to ${flags.out}`);
    } else process.stdout.write(bytes);
  } finally {
    models.dispose();
  }
}
