/** `wgan-gp train`: a preset or a JSON config, with a progress bar; Ctrl-C / SIGTERM checkpoint and exit. */
import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { DATASET_NAMES } from '../datasets/index.js';
import { AbortError } from '../errors.js';
import { train, type ProgressEvent } from '../train/trainer.js';
import { PRESET_NAMES } from '../presets/index.js';
import { RunFolder } from '../train/run-folder.js';
import { channelsArg, finiteNumber, imageSizeArg, nonNegativeInt, positiveInt, positiveNumber, readJsonObject } from './parse.js';
import { describeSkipped, readingBar } from './reading.js';
import { progressView } from './progress.js';
import { startDashboardWorker, type WorkerDashboard } from '../dashboard/in-worker.js';
import { announce } from './dashboard.js';
import { launchedRank } from '../distributed/launcher.js';
import { relaunch } from '../distributed/relaunch.js';
import { finalizeSession } from '../distributed/session.js';

interface TrainFlags {
  preset?: string;
  config?: string;
  iterations?: number;
  out?: string;
  sampleEvery?: number;
  checkpointEvery?: number;
  keepCheckpoints?: number;
  evalEvery?: number;
  lr?: number;
  lrDecay?: string;
  resume?: string;
  device?: string;
  cudaGraph?: boolean;
  threads?: number;
  seed?: number;
  batchSize?: number;
  dataDir?: string;
  dashboard?: boolean | number;
  imageSize?: number | [number, number];
  channels?: 1 | 3;
  fit?: string;
  mirror?: boolean;
  strictData?: boolean;
  memoryBudget?: number;
  generatorBatchSize?: number;
  dequantize?: boolean;
  ema?: number | boolean;
  emaRampUp?: number;
  dataset?: string;
  generator?: string;
  critic?: string;
  criticIters?: number;
  lambda?: number;
  acganScale?: number;
  acganScaleG?: number;
  beta1?: number;
  beta2?: number;
  zDim?: number;
  onNonFinite?: string;
  distributed?: string | boolean;
  faultTimeout?: number;
  syncBatchNorm?: boolean;
  nproc?: number;
}

/** Exit codes of an interrupted run, as shells report signals (128 + signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGUSR1: 138 } as const;

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a WGAN-GP from a preset or a JSON config file, writing samples, plots, metrics and checkpoints')
    .option('--preset <name>', `a preset: ${PRESET_NAMES.join(', ')}`)
    .option('--config <file>', 'a JSON file of train options (the keys of train()); flags override it')
    .option('--iterations <n>', 'generator iterations (each with --critic-iters critic steps)', positiveInt)
    .option('--out <dir>', 'the run folder (default: runs/<preset>)')
    .option('--sample-every <n>', 'write samples, plots and the held-out critic loss every n iterations', positiveInt)
    .option('--checkpoint-every <n>', 'write a checkpoint every n iterations (and always at the end)', positiveInt)
    .option('--eval-every <n>', 'log sample-quality metrics (toy sets, MNIST, Fashion-MNIST) every n iterations; 0: never', nonNegativeInt)
    .option('--keep-checkpoints <n>', 'keep the newest n periodic checkpoints', positiveInt)
    .option('--resume <checkpoint>', 'continue exactly from a checkpoint file')
    .option('--device <device>', 'cpu | auto | cuda (auto: the GPU where the CUDA backend can run)')
    .option('--no-cuda-graph', 'on the GPU, launch each kernel instead of replaying the iteration as a CUDA graph')
    .option('--threads <n>', 'CPU threads (default: all cores)', positiveInt)
    .option('--seed <n>', 'the random seed (models, noise, data order)', nonNegativeInt)
    .option('--batch-size <n>', 'the batch size', positiveInt)
    .option('--lr <rate>', 'the Adam learning rate of both models', positiveNumber)
    .option('--lr-decay <schedule>', "none | linear (the rate falls linearly to 0 over the run)")
    .option('--data-dir <dir>', "a folder of images or a packed .wgands file (dataset 'images'), or a folder of MNIST-format IDX files")
    .option('--image-size <size>', 'image data: the size images are fitted to, 64 or HEIGHTxWIDTH (image presets build their models for it)', imageSizeArg)
    .option('--channels <n>', 'image data: 1 (grayscale) or 3 (RGB)', channelsArg)
    .option('--fit <mode>', 'image data: cover (centre crop, default) | contain (pad with black) | fill (stretch)')
    .option('--mirror', 'image data: flip each drawn image left-right with probability 1/2')
    .option('--strict-data', 'image data: stop at a file that cannot be decoded instead of skipping it')
    .option('--memory-budget <MB>', 'a packed file up to this size is loaded into memory, a larger one streams (default 512)', positiveNumber)
    .option('--generator-batch-size <n>', 'samples of each generator step (default: the batch size)', positiveInt)
    .option('--dequantize', 'add U(0, range/256) noise to real images (one quantisation step), as gan_cifar_resnet.py')
    .option('--ema <images>', "keep an EMA of the generator with this half-life in generator images (StyleGAN's ema_kimg x 1000); samples, eval and export use it", positiveNumber)
    .option('--no-ema', 'keep no EMA of the generator (overrides a preset)')
    .option('--ema-ramp-up <factor>', 'the EMA half-life is at most this factor x the images seen so far (default 0.05; 0: none)', finiteNumber)
    .option('--dashboard [port]', 'serve the live dashboard of the run folder and its siblings while training (as wgan-gp dashboard; port default 6080)', nonNegativeInt)
    .addOption(new Option('--dataset <name>', 'the data set (default: the preset\'s)').choices(DATASET_NAMES))
    .option('--generator <file>', 'a JSON file with the generator\'s model spec ({ inputShape, layers }), instead of the preset\'s')
    .option('--critic <file>', 'a JSON file with the critic\'s model spec, instead of the preset\'s')
    .option('--critic-iters <n>', 'critic steps per generator step', positiveInt)
    .option('--lambda <weight>', 'the weight λ of the gradient penalty (≥ 0)', finiteNumber)
    .option('--acgan-scale <weight>', "conditional runs: the weight of the critic's cross-entropy on real samples (default 1)", finiteNumber)
    .option('--acgan-scale-g <weight>', "conditional runs: the weight of the generator's cross-entropy on its samples (default 0.1)", finiteNumber)
    .option('--beta1 <b>', "Adam's beta1 for both models, in [0, 1)", finiteNumber)
    .option('--beta2 <b>', "Adam's beta2 for both models, in [0, 1)", finiteNumber)
    .option('--z-dim <n>', "the noise dimension (the generator's input size)", positiveInt)
    .addOption(new Option('--on-non-finite <action>', 'what a non-finite loss or gradient does: stop the run, or skip that update').choices(['stop', 'skip']))
    .addOption(new Option('--distributed [engine]', 'train as one rank of an mpirun/srun job: auto (MPI on CPU ranks, NCCL on GPU ranks), mpi or nccl (default: auto when a launcher started several ranks); off: a run of its own').choices(['auto', 'mpi', 'nccl', 'off']))
    .option('--fault-timeout <seconds>', 'a distributed run fails, naming the lost rank, when a rank does not answer within this time (default 45)', positiveNumber)
    .option('--sync-batch-norm', "a distributed run's generator BatchNorm uses the global batch's statistics, pooled over the ranks (default: each rank's own)")
    .option('--nproc <n>', 'train with n ranks on this machine: starts them through the installed mpirun (see README "Scaling out")', positiveInt)
    .addHelpText('after', '\nUnset options come from the preset, else from the defaults of train() (README.md).\n\nExample:\n  wgan-gp train --preset toy-8gaussians --iterations 1000 --out runs/toy\n\nCtrl-C writes a checkpoint and exits (code 130); resume with --resume <checkpoint>.')
    .action(runTrain);
}

async function runTrain(flags: TrainFlags): Promise<void> {
  if (flags.nproc) {
    process.exitCode = await relaunch(flags.nproc, process.argv.slice(2));
    return;
  }
  const fromFile = flags.config ? readJsonObject('--config', flags.config, 'train options (the keys of train())') : {};
  const preset = flags.preset ?? (fromFile.preset as string | undefined);
  const options = {
    ...fromFile,
    ...defined({
      preset: flags.preset,
      iterations: flags.iterations,
      outDir: flags.out,
      sampleEvery: flags.sampleEvery,
      checkpointEvery: flags.checkpointEvery,
      keepCheckpoints: flags.keepCheckpoints,
      evalEvery: flags.evalEvery,
      resumeFrom: flags.resume,
      device: flags.device,
      cudaGraph: flags.cudaGraph === false ? false : undefined, // commander defaults it to true; a config file may set it
      threads: flags.threads,
      seed: flags.seed,
      batchSize: flags.batchSize,
      lr: flags.lr,
      lrDecay: flags.lrDecay,
      dataDir: flags.dataDir,
      imageSize: flags.imageSize,
      channels: flags.channels,
      fit: flags.fit,
      mirror: flags.mirror,
      strictData: flags.strictData,
      memoryBudgetMB: flags.memoryBudget,
      generatorBatchSize: flags.generatorBatchSize,
      dequantize: flags.dequantize,
      ema: flags.ema === true ? undefined : flags.ema, // commander sets true when neither --ema nor --no-ema is given
      emaRampUp: flags.emaRampUp,
      dataset: flags.dataset,
      generator: flags.generator && readJsonObject('--generator', flags.generator, 'a model spec'),
      critic: flags.critic && readJsonObject('--critic', flags.critic, 'a model spec'),
      criticIters: flags.criticIters,
      lambda: flags.lambda,
      acganScale: flags.acganScale,
      acganScaleG: flags.acganScaleG,
      beta1: flags.beta1,
      beta2: flags.beta2,
      zDim: flags.zDim,
      onNonFinite: flags.onNonFinite,
      distributed: flags.distributed === true ? 'auto' : flags.distributed === 'off' ? false : flags.distributed,
      faultTimeout: flags.faultTimeout,
      syncBatchNorm: flags.syncBatchNorm,
    }),
  };
  // A resumed run continues in the run folder that holds its checkpoint.
  if (!options.outDir) options.outDir = flags.resume ? RunFolder.holding(flags.resume) : `runs/${preset ?? 'custom'}`;
  const dashboard = flags.dashboard === undefined || (launchedRank()?.rank ?? 0) > 0 ? null : await dashboardOf(options.outDir as string, flags.dashboard);
  const run = train(options as Parameters<typeof train>[0]);
  const o = run.options;
  // Of several ranks, rank 0 alone reports (and writes the run folder); the others print only errors.
  const quiet = o.distributed !== null && (launchedRank()?.rank ?? 0) > 0;
  const reading = readingBar('reading images');
  run.on('data', (p) => quiet || reading.update(p));
  run.on('dataset', (r) => {
    reading.stop();
    if (quiet) return;
    const classes = r.classes ? `, ${Object.keys(r.classes).length} classes` : '';
    console.error(`data: ${r.images} images from ${r.source} (${r.train} train, ${r.heldOut} held out${classes}; ${r.storage === 'stream' ? 'streamed from the file' : 'in memory'}, ${(r.bytes / 2 ** 20).toFixed(1)} MB)`);
    const skipped = describeSkipped(r.skipped);
    if (skipped) console.error(`data: ${skipped}`);
  });
  let view = null as ReturnType<typeof progressView> | null;
  const started = (): ReturnType<typeof progressView> => {
    if (view) return view;
    reading.stop();
    return (view = progressView(o.iterations, 0));
  };
  const say = (line: string) => (quiet ? undefined : view ? view.log(line) : console.error(line));
  if (dashboard) announce(dashboard, say);
  say(`training ${o.preset ?? 'a custom model'} on ${o.dataset}: ${o.iterations} iterations, batch ${o.batchSize}, writing to ${o.outDir}`);

  let signal: keyof typeof SIGNAL_EXIT | null = null;
  const onSignal = (name: keyof typeof SIGNAL_EXIT) => () => {
    if (signal) process.exit(SIGNAL_EXIT[name]); // a second signal: leave at once
    signal = name;
    say(`${name}: stopping after the current iteration and writing a checkpoint (again to quit at once)`);
    run.abort();
  };
  // SIGUSR1: what Open MPI's mpirun forwards to the ranks (wgan-gp train --nproc sends it on Ctrl-C).
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM'), SIGUSR1: onSignal('SIGUSR1') };
  process.on('SIGINT', handlers.SIGINT).on('SIGTERM', handlers.SIGTERM).on('SIGUSR1', handlers.SIGUSR1);

  run.on('progress', (e) => {
    if (quiet) return;
    const v = started();
    v.update(e);
    const quality = describeQuality(e);
    if (quality) v.log(`iteration ${e.iteration}: ${quality}`);
  });
  try {
    const result = await run.result;
    reading.stop();
    view?.stop();
    finalizeSession();
    if (quiet) return;
    const f = result.final;
    console.log(
      `done: ${result.iterations} iterations in ${result.seconds.toFixed(1)} s` +
        (f ? `; Wasserstein estimate ${f.wassersteinEstimate.toFixed(4)}, critic loss ${f.criticLoss.toFixed(4)}` : '') +
        (result.skippedUpdates ? `; ${result.skippedUpdates} non-finite updates skipped` : ''),
    );
    console.log(`samples: ${o.outDir}/samples  plots: ${o.outDir}/plots  checkpoint: ${result.lastCheckpoint}`);
  } catch (error) {
    reading.stop();
    view?.stop();
    if (error instanceof AbortError && signal) {
      finalizeSession();
      if (quiet) return void (process.exitCode = SIGNAL_EXIT[signal]);
      console.error(`interrupted: ${error.message}. Resume with: wgan-gp train --resume ${(error as AbortError & { checkpoint?: string }).checkpoint ?? '<checkpoint>'}`);
      process.exitCode = SIGNAL_EXIT[signal];
      return;
    }
    throw error;
  } finally {
    process.off('SIGINT', handlers.SIGINT).off('SIGTERM', handlers.SIGTERM).off('SIGUSR1', handlers.SIGUSR1);
    await dashboard?.stop();
  }
}

/** The dashboard of the folder that holds the run (so earlier runs can be overlaid), opened on this run. */
async function dashboardOf(outDir: string, port: boolean | number): Promise<WorkerDashboard> {
  const parent = dirname(resolve(outDir));
  mkdirSync(parent, { recursive: true });
  const d = await startDashboardWorker({ dir: parent, port: typeof port === 'number' ? port : undefined }, (m) => console.error(m));
  return { ...d, url: `${d.url}?run=${encodeURIComponent(basename(resolve(outDir)))}` };
}

/** The sample-quality figures of an iteration that measured them (evalEvery), in a few words. */
function describeQuality(e: ProgressEvent): string | null {
  if (e.modesCovered !== undefined) return `modes covered ${e.modesCovered}, high quality ${(100 * e.highQualityShare!).toFixed(1)}%`;
  if (e.manifoldDistance !== undefined) return `mean distance to the spiral ${e.manifoldDistance.toFixed(4)}`;
  if (e.swd !== undefined) return `sliced Wasserstein distance x1e3 ${e.swd.toFixed(2)}`;
  if (e.classifierScore !== undefined)
    return `classifier score ${e.classifierScore.toFixed(2)}, classes ${e.classesCovered}/10, confident ${(100 * e.confidentShare!).toFixed(1)}%, Fréchet ${e.frechetDistance!.toFixed(1)}`;
  return null;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
