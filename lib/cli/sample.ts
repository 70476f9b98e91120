/** `wgan-gp sample`: samples of a checkpoint's generator as JSON, NumPy or PNG pictures: n samples for
 *  noise from one seed, one sample per seed (--seeds), or a strip between two seeds (--interpolate). A
 *  conditional generator draws the class of --class, or with --class all a grid of one row per class. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError as CommanderArgumentError, Option, type Command } from 'commander';
import { displayRange } from '../datasets/index.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeNpy } from '../npy.js';
import { imageGridPng } from '../render/grid.js';
import { generateSamples, interpolateSeeds, loadCheckpointModels, sampleClassGrid, sampleSeeds } from '../sample.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { CLASS_ROW, samplesPng } from '../train/visuals.js';
import { nonNegativeInt, positiveInt } from './parse.js';

interface SampleFlags {
  checkpoint: string;
  n: number;
  format: 'json' | 'png' | 'npy';
  out?: string;
  seed: number;
  seeds?: number[];
  interpolate?: [number, number];
  steps: number;
  ema: boolean;
  class?: string;
}

const MAX_SEEDS = 10_000;
const SEED = /^\d+$/;
const seedValue = (s: string) => {
  const n = Number(s);
  if (!SEED.test(s) || n >= 2 ** 32) throw new CommanderArgumentError(`expected seeds in [0, 2^32), got '${s}'`);
  return n;
};

/** '0-15', '3,7,9' or '0-3,10' as a list of seeds. */
export function seedList(value: string): number[] {
  const seeds: number[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const [from, to, extra] = part.split('-');
    if (extra !== undefined || from === '') throw new CommanderArgumentError(`expected seeds like 0-15 or 3,7,9, got '${value}'`);
    const a = seedValue(from), b = to === undefined ? a : seedValue(to);
    if (b < a) throw new CommanderArgumentError(`the range ${part} runs backwards`);
    if (seeds.length + b - a + 1 > MAX_SEEDS) throw new CommanderArgumentError(`at most ${MAX_SEEDS} seeds, got more in '${value}'`);
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  return seeds;
}

function seedPair(value: string): [number, number] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2) throw new CommanderArgumentError(`expected two seeds A,B, got '${value}'`);
  return [seedValue(parts[0]), seedValue(parts[1])];
}

function steps(value: string): number {
  const n = positiveInt(value);
  if (n < 2) throw new CommanderArgumentError(`expected at least 2 steps (both ends), got '${value}'`);
  return n;
}

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description("draw samples from a checkpoint's generator")
    .requiredOption('--checkpoint <file>', 'a checkpoint written by train (.safetensors)')
    .option('--n <count>', 'how many samples', positiveInt, 64)
    .addOption(new Option('--format <format>', 'json: {"shape", "data"}; png: an image grid (a scatter plot for 2-D data); npy: a NumPy float32 array').choices(['json', 'png', 'npy']).default('png'))
    .option('--out <file>', 'the output file (json also goes to stdout when omitted); with --seeds and png, a folder of seed-<n>.png')
    .option('--seed <n>', 'seed of the noise', nonNegativeInt, 0)
    .option('--seeds <list>', "one sample per seed, e.g. 0-15 or 3,7,9 (the web page's seeds)", seedList)
    .option('--interpolate <A,B>', 'samples along the latent arc from seed A to seed B (png: one strip)', seedPair)
    .option('--steps <n>', 'samples of --interpolate, both ends included', steps, 8)
    .option('--no-ema', "the trained weights, not the checkpoint's EMA generator (the default where it has one)")
    .option('--class <class>', `a conditional generator: the class to draw (its number or name), or all: one row per class, --n per class (default ${CLASS_ROW})`)
    .action(runSample);
}

/** The class of --class for a generator of `classes` classes: a number in [0, classes) or one of the
 *  checkpoint's class names; an unconditional generator takes none. */
function classOf(value: string, classes: number, checkpoint: Checkpoint): number | 'all' {
  if (!classes) throw new InvalidArgumentError(`--class: this checkpoint's generator is unconditional (it reads no labels), so it has no class to choose`);
  if (value === 'all') return 'all';
  const names = checkpoint.config.classes?.names ?? [];
  if (/^\d+$/.test(value) && Number(value) < classes) return Number(value);
  if (names.includes(value)) return names.indexOf(value);
  const known = names.length ? ` or one of ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}` : '';
  throw new InvalidArgumentError(`--class: expected all, a class in [0, ${classes - 1}]${known}; got '${value}'`);
}

async function runSample(flags: SampleFlags, command: Command): Promise<void> {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  if (flags.seeds && flags.interpolate) throw new InvalidArgumentError('--seeds and --interpolate: give one of them');
  if ((flags.seeds || flags.interpolate) && (given('n') || given('seed')))
    throw new InvalidArgumentError(`--${flags.seeds ? 'seeds' : 'interpolate'} names the seed of every sample itself: drop --n and --seed`);
  if (given('steps') && !flags.interpolate) throw new InvalidArgumentError('--steps goes with --interpolate A,B');
  if (!flags.out && flags.format !== 'json') throw new InvalidArgumentError(`--out <${flags.seeds && flags.format === 'png' ? 'folder' : 'file'}> is needed for --format ${flags.format}`);
  const models = loadCheckpointModels(flags.checkpoint, { ema: flags.ema });
  try {
    const { generator, critic, checkpoint } = models;
    const shape = generator.outputShape, dataset = checkpoint.config.dataset, points = shape.length === 1;
    const classes = generator.labelClasses;
    const chosen = flags.class === undefined ? undefined : classOf(flags.class, classes, checkpoint);
    if (classes && chosen === undefined)
      throw new InvalidArgumentError(`this checkpoint's generator is conditional (${classes} classes): give --class <class> or --class all`);
    if (chosen === 'all' && (flags.seeds || flags.interpolate)) throw new InvalidArgumentError('--class all draws a grid for noise from --seed: drop --seeds / --interpolate, or give one class');
    const one = (count: number) => (typeof chosen === 'number' ? new Int32Array(count).fill(chosen) : undefined);
    const perClass = given('n') ? flags.n : CLASS_ROW;
    const data =
      chosen === 'all'
        ? await sampleClassGrid(generator, perClass, flags.seed)
        : flags.seeds
          ? await sampleSeeds(generator, flags.seeds, one(flags.seeds.length))
          : flags.interpolate
            ? await interpolateSeeds(generator, ...flags.interpolate, flags.steps, one(flags.steps))
            : await generateSamples(generator, flags.n, flags.seed, { labels: one(flags.n) });
    const count = data.length / generator.outputSize, what = `${count} samples of shape [${shape}] (iteration ${checkpoint.iteration})`;
    if (flags.seeds && flags.format === 'png') {
      if (points) throw new InvalidArgumentError(`--seeds with --format png writes one image per seed, but this generator makes ${shape[0]}-D points: use --format json or npy`);
      mkdirSync(flags.out!, { recursive: true });
      flags.seeds.forEach((seed, i) =>
        writeFileSync(join(flags.out!, `seed-${seed}.png`), imageGridPng(data.subarray(i * generator.outputSize, (i + 1) * generator.outputSize), 1, shape, displayRange(checkpoint.config), 4)),
      );
      console.error(`wrote ${what} to ${flags.out}/seed-<n>.png`);
      return;
    }
    let bytes: Buffer;
    if (flags.format === 'json') bytes = Buffer.from(JSON.stringify({ shape: [count, ...shape], data: Array.from(data) }) + '\n');
    else if (flags.format === 'npy') bytes = encodeNpy(data, [count, ...shape]);
    else if (flags.interpolate && !points) bytes = imageGridPng(data, count, shape, displayRange(checkpoint.config), 2, count);
    else bytes = samplesPng(data, count, shape, dataset, displayRange(checkpoint.config), critic, `${dataset}, iteration ${checkpoint.iteration}`, chosen === 'all' ? perClass : undefined);
    if (flags.out) {
      writeFileSync(flags.out, bytes);
      console.error(`wrote ${what} to ${flags.out}`);
    } else process.stdout.write(bytes);
  } finally {
    models.dispose();
  }
}
