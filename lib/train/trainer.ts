/**
 * train(): WGAN-GP training with events. Each iteration is one native call that runs on a worker thread
 * (5 critic steps + 1 generator step with Adam), so the event loop stays free; between iterations this
 * loop draws the next real batches, logs metrics, writes samples, plots and checkpoints.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { classesOf, openDataset, sampleSize, type Dataset, type DataReport } from '../datasets/index.js';
import type { ReadProgress } from '../datasets/folder.js';
import type { UserDataset } from '../datasets/user.js';
import { AbortError, callNative, callNativeAsync, DatasetError, ModelSpecError, NonFiniteError } from '../errors.js';
import { native, type IterationStats, type NativeTrainer } from '../native.js';
import { DataRandom } from '../random.js';
import { runtimeInfo, setThreads } from '../runtime.js';
import { Sequential } from '../sequential.js';
import { VERSION } from '../version.js';
import { defaultSampleCount, qualityFields, qualityMeter } from '../eval/quality.js';
import { emaValues, readCheckpoint, restoreAdamState, restoreEma, restoreModel, writeCheckpoint } from './checkpoint.js';
import { addDequantizationNoise } from './dequantize.js';
import { resolveOptions, type ResolvedOptions, type TrainOptions } from './options.js';
import { RunFolder, type MetricsLine } from './run-folder.js';
import { conditionedClasses, requireLabelledData } from './conditional.js';
import { renderPlots, renderSamples, samplePlan } from './visuals.js';

export interface ProgressEvent extends MetricsLine {
  iterations: number;
  criticStepMs: number;
  generatorStepMs: number;
  iterationsPerSecond: number;
  etaSeconds: number;
}

export interface TrainResult {
  iterations: number;
  outDir: string | null;
  lastCheckpoint: string | null;
  seconds: number;
  skippedUpdates: number;
  final: MetricsLine | null;
}

export interface TrainingEvents {
  progress: [ProgressEvent];
  sample: [{ iteration: number; file: string | null; heldOutCriticLoss: number }];
  checkpoint: [{ iteration: number; file: string }];
  /** while an image folder is read: files done, total, skipped */
  data: [ReadProgress];
  /** once image data is open: what was read (counts, classes, skipped files, memory or stream) */
  dataset: [DataReport];
  done: [TrainResult];
  error: [Error];
}

/** A training run in progress: events, abort(), and `result`. */
export class TrainingRun extends EventEmitter<TrainingEvents> {
  readonly result: Promise<TrainResult>;
  readonly options: ResolvedOptions;
  private aborted = false;
  /** stops the reading of an image folder */
  private readonly stopReading = new AbortController();
  private readonly arrays?: UserDataset & { range: [number, number] };
  generator?: Sequential;
  critic?: Sequential;

  constructor(options: TrainOptions) {
    super();
    const { signal, arrays, ...resolved } = resolveOptions(options);
    this.options = resolved;
    this.arrays = arrays;
    if (signal) {
      if (signal.aborted) this.aborted = true;
      else signal.addEventListener('abort', () => this.abort(), { once: true });
    }
    // Start on the next turn so callers can attach listeners first.
    this.result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.loop());
    this.result.then(
      (r) => this.emit('done', r),
      (e: Error) => {
        if (this.listenerCount('error') > 0) this.emit('error', e);
      },
    );
  }

  /** Stops after the current iteration; a checkpoint is written and `result` rejects with AbortError. */
  abort(): void {
    this.aborted = true;
    this.stopReading.abort();
  }

  private async loop(): Promise<TrainResult> {
    const o = this.options;
    const started = Date.now();
    if (o.threads) setThreads(o.threads);
    const dataset = await openDataset({ ...o, arrays: this.arrays, onProgress: (p) => this.emit('data', p), signal: this.stopReading.signal }).catch((error: unknown) => {
      throw this.aborted ? new AbortError('training was aborted while the data was read') : error;
    });
    if (dataset.report) this.emit('dataset', dataset.report);
    try {
      return await this.trainOn(dataset, started);
    } finally {
      await dataset.close?.();
    }
  }

  private async trainOn(dataset: Dataset, started: number): Promise<TrainResult> {
    const o = this.options;
    const G = (this.generator = new Sequential(o.generator, { seed: o.seed }));
    const D = (this.critic = new Sequential(o.critic, { seed: o.seed + 1 }));
    if (D.inputShape.join('x') !== dataset.sampleShape.join('x'))
      throw new ModelSpecError(
        `the critic expects samples of shape [${D.inputShape}] but the dataset '${dataset.name}' has [${dataset.sampleShape}]`,
      );
    const adam = (lr: number) => ({ lr, beta1: o.beta1, beta2: o.beta2 });
    const trainer: NativeTrainer = callNative(
      () =>
        new (native().NativeTrainer)(G.native, D.native, {
          batch: o.batchSize,
          generatorBatch: o.generatorBatchSize,
          criticIters: o.criticIters,
          lambda: o.lambda,
          acganScale: o.acganScale,
          acganScaleG: o.acganScaleG,
          seed: o.seed,
          adamG: adam(o.lr),
          adamD: adam(o.lr),
          device: o.device,
          cudaGraph: o.cudaGraph,
          ...(o.ema ? { ema: { halfLifeImages: o.ema, rampUp: o.emaRampUp } } : {}),
        }),
    );
    // The data's classes are part of the run's configuration; a conditional pair needs labels of its classes.
    o.classes = classesOf(dataset);
    const classes = conditionedClasses(G, D);
    const ck = o.resumeFrom ? readCheckpoint(o.resumeFrom) : null;
    if (classes) requireLabelledData(classes, o.classes, dataset.name, ck?.config.classes);
    if (classes && this.arrays?.test && !this.arrays.testLabels)
      throw new DatasetError('dataset.testLabels: the models are conditional, so the held-out samples (dataset.test) need their labels too');
    let dataRng = DataRandom.seeded(o.seed);
    let start = 0;
    if (ck && o.resumeFrom) {
      restoreModel(ck, 'generator', G, o.resumeFrom);
      restoreModel(ck, 'critic', D, o.resumeFrom);
      callNative(() => G.native.setAdamState(restoreAdamState(ck, 'generator', G, o.resumeFrom!), adam(o.lr)));
      callNative(() => D.native.setAdamState(restoreAdamState(ck, 'critic', D, o.resumeFrom!), adam(o.lr)));
      callNative(() => trainer.setRngState(ck.rng));
      dataRng = DataRandom.fromState(ck.dataRng);
      start = ck.iteration;
      // The EMA continues from the checkpoint's, or starts from the restored generator.
      if (o.ema) {
        const ema = ck.emaImages !== undefined ? restoreEma(ck, G, o.resumeFrom) : { params: G.flatParameters(), state: callNative(() => G.native.getState()), images: start * o.generatorBatchSize };
        callNative(() => trainer.setEma(ema));
      }
    }
    // The sample grids and quality measurements show the EMA generator when the run keeps one.
    const shown = o.ema ? new Sequential(o.generator) : G;
    const refreshShown = () => {
      const ema = shown === G ? null : callNative(() => trainer.getEma());
      if (ema) shown.setParameters(emaValues(G, ema));
    };

    // Built before the first iteration, so a missing classifier fails the run at once, not hours in.
    const meter = o.evalEvery ? await qualityMeter(dataset) : null;
    const folder = o.outDir ? new RunFolder(o.outDir) : null;
    folder?.writeConfig({ ...o, data: dataset.report, version: VERSION, runtime: runtimeInfo(), startedAt: new Date(started).toISOString(), resumedAt: start || undefined });
    const history: MetricsLine[] = (await folder?.loadMetrics(start)) ?? [];
    const pictures = samplePlan(dataset.sampleShape, o.zDim, G.labelClasses, DataRandom.seeded(o.seed + 7919));

    const block = o.criticIters * o.batchSize * sampleSize(dataset);
    // Two real-data buffers: the next iteration's batches are drawn (read, for a streamed file) while
    // the native step runs on the other. The checkpoint keeps the data generator's state from before
    // that draw, so a resumed run draws the same batches.
    // A conditional run draws the batches' labels with them (into its own buffer of each pair).
    const buffers = [new Float32Array(block), new Float32Array(block)];
    const labelBuffers = buffers.map(() => (classes ? new Int32Array(o.criticIters * o.batchSize) : undefined));
    let dataRngState = dataRng.state();
    const draw = async (k: number) => {
      await dataset.sample(dataRng, o.criticIters * o.batchSize, buffers[k], 0, labelBuffers[k]);
      if (o.dequantize) addDequantizationNoise(buffers[k], dataset.range, dataRng);
    };
    let pending: Promise<void> | void = draw(0);
    const heldOut = new Float32Array(o.batchSize * sampleSize(dataset));
    const heldOutLabels = classes ? new Int32Array(o.batchSize) : undefined;
    let lastCheckpoint: string | null = null;
    let skipped = 0;
    let last: MetricsLine | null = history.at(-1) ?? null;
    const loopStart = Date.now();

    const checkpoint = async (iteration: number) => {
      if (!folder) return;
      const file = folder.checkpointPath(iteration);
      await writeCheckpoint(file, G, D, {
        iteration,
        config: o,
        adamG: callNative(() => G.native.getAdamState()),
        adamD: callNative(() => D.native.getAdamState()),
        rng: callNative(() => trainer.getRngState()),
        dataRng: dataRngState,
        version: VERSION,
        ema: callNative(() => trainer.getEma()),
      });
      lastCheckpoint = file;
      folder.pruneCheckpoints(o.keepCheckpoints);
      this.emit('checkpoint', { iteration, file });
    };

    try {
      for (let iteration = start + 1; iteration <= o.iterations; iteration++) {
        if (this.aborted) {
          await checkpoint(iteration - 1);
          const error = new AbortError(`training was aborted after iteration ${iteration - 1}` + (lastCheckpoint ? `; checkpoint: ${lastCheckpoint}` : ''));
          throw Object.assign(error, { checkpoint: lastCheckpoint, iteration: iteration - 1 });
        }
        await pending;
        const k = iteration % 2 === (start + 1) % 2 ? 0 : 1;
        if (o.lrDecay === 'linear') callNative(() => trainer.setLearningRate(learningRateAt(o, iteration)));
        const t0 = performance.now();
        const step = callNativeAsync(() => trainer.run(buffers[k], 1, labelBuffers[k]));
        dataRngState = dataRng.state();
        pending = iteration < o.iterations ? draw(1 - k) : undefined;
        const [stats] = await step;
        const stepMs = performance.now() - t0;
        if (!stats.finite) {
          if (o.onNonFinite === 'stop')
            throw new NonFiniteError(
              `iteration ${iteration}: ${describeNonFinite(stats)} is not finite; the update was not applied` +
                (lastCheckpoint ? ` (last good checkpoint: ${lastCheckpoint})` : ''),
            );
          skipped++;
        }
        const line: MetricsLine = {
          iteration,
          criticLoss: stats.criticLoss,
          wassersteinEstimate: -stats.wasserstein,
          penalty: stats.penalty,
          gradNormMean: stats.gradNormMean,
          generatorLoss: stats.generatorLoss,
          stepMs,
          ...(classes
            ? { classifierLoss: stats.classifierLoss, classifierAccuracy: stats.classifierAccuracy, generatorClassifierLoss: stats.generatorClassifierLoss }
            : {}),
        };
        const sampleNow = iteration % o.sampleEvery === 0 || iteration === o.iterations;
        if (sampleNow) {
          const evalRng = DataRandom.seeded(o.seed + iteration);
          await dataset.sampleHeldOut(evalRng, o.batchSize, heldOut, 0, heldOutLabels);
          const e = await callNativeAsync(() => trainer.evaluate(heldOut, o.seed + iteration, heldOutLabels));
          line.heldOutCriticLoss = e.criticLoss;
          line.heldOutWassersteinEstimate = -e.wasserstein;
        }
        const measureNow = meter && iteration % o.evalEvery === 0;
        if (measureNow || sampleNow) refreshShown();
        if (measureNow) Object.assign(line, qualityFields(await meter!.measure(shown, defaultSampleCount(o.dataset), o.seed)));
        history.push(line);
        last = line;
        folder?.appendMetrics(line);
        const done = iteration - start;
        const rate = done / ((Date.now() - loopStart) / 1000);
        this.emit('progress', {
          ...line,
          iterations: o.iterations,
          criticStepMs: stats.criticStepMs,
          generatorStepMs: stats.generatorStepMs,
          iterationsPerSecond: rate,
          etaSeconds: (o.iterations - iteration) / Math.max(rate, 1e-9),
        });
        if (sampleNow) {
          let file: string | null = null;
          if (folder) {
            file = folder.samplePath(iteration);
            writeFileSync(file, renderSamples(dataset, shown, D, pictures, iteration));
            renderPlots(folder, history);
          }
          this.emit('sample', { iteration, file, heldOutCriticLoss: line.heldOutCriticLoss! });
        }
        if (iteration % o.checkpointEvery === 0 || iteration === o.iterations) await checkpoint(iteration);
      }
      if (start >= o.iterations) await checkpoint(start);
      return {
        iterations: o.iterations,
        outDir: o.outDir,
        lastCheckpoint,
        seconds: (Date.now() - started) / 1000,
        skippedUpdates: skipped,
        final: last,
      };
    } finally {
      await Promise.resolve(pending).catch(() => {}); // a read still in flight ends before the file closes
      meter?.dispose();
    }
  }
}

/** The learning rate of an iteration (1-based) under the run's schedule. */
export function learningRateAt(o: Pick<ResolvedOptions, 'lr' | 'lrDecay' | 'iterations'>, iteration: number): number {
  return o.lrDecay === 'linear' ? o.lr * Math.max(0, 1 - (iteration - 1) / o.iterations) : o.lr;
}

function describeNonFinite(s: IterationStats): string {
  if (!Number.isFinite(s.criticLoss)) return `the critic loss (${s.criticLoss})`;
  if (!Number.isFinite(s.generatorLoss)) return `the generator loss (${s.generatorLoss})`;
  return 'a critic or generator gradient';
}

/** Starts training; returns the run (events, abort(), result). `await train(o).result` waits for it. */
export function train(options: TrainOptions): TrainingRun {
  return new TrainingRun(options);
}

export type { Dataset };
