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
import { AbortError, callNative, callNativeAsync, DatasetError, InvalidArgumentError, ModelSpecError, NonFiniteError } from '../errors.js';
import { launchedRank } from '../distributed/launcher.js';
import { checkStart, startSession, type Session } from '../distributed/session.js';
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
    const session = o.distributed ? joinSession(o) : null;
    let failure: unknown = null;
    const dataset = await openDataset({ ...o, arrays: this.arrays, onProgress: (p) => this.emit('data', p), signal: this.stopReading.signal }).catch((error: unknown) => {
      failure = this.aborted ? new AbortError('training was aborted while the data was read') : error;
      return null;
    });
    // Every rank opened its data, or the job fails here, before any training, naming the rank that could not.
    if (session) await checkStart(session, failure).catch(async (error: unknown) => {
      await dataset?.close?.();
      throw error;
    });
    if (!dataset) throw failure;
    if (dataset.report) this.emit('dataset', dataset.report);
    try {
      return await this.trainOn(dataset, started, session);
    } finally {
      await dataset.close?.();
    }
  }

  /** Whether to stop before the next iteration: this run's abort(), or, of several ranks, any rank's. */
  private async stopRequested(session: Session | null, iteration: number): Promise<boolean> {
    if (!session) return this.aborted;
    const flags = await session.gather(this.aborted ? 1 : 0, `the stop check before iteration ${iteration}`);
    return flags.some((f) => f !== 0);
  }

  private async trainOn(dataset: Dataset, started: number, session: Session | null): Promise<TrainResult> {
    const o = this.options;
    const rank = session?.rank ?? 0;
    const worldSize = session?.size ?? 1;
    const leader = rank === 0;
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
          ...(session ? { distributed: true, syncBatchNorm: o.syncBatchNorm } : {}),
          ...(o.ema ? { ema: { halfLifeImages: o.ema, rampUp: o.emaRampUp } } : {}),
        }),
    );
    // Of several ranks each trains on its shard of every batch, a block of rows that the trainer tells.
    const shard = trainer.shard();
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
    // Rank 0 alone measures, writes the run folder and keeps checkpoints.
    const meter = o.evalEvery && leader ? await qualityMeter(dataset) : null;
    const folder = o.outDir && leader ? new RunFolder(o.outDir) : null;
    folder?.writeConfig({
      ...o,
      worldSize,
      rankBatchSize: shard.rows, // rank 0's: the largest share
      data: dataset.report,
      version: VERSION,
      runtime: runtimeInfo(),
      startedAt: new Date(started).toISOString(),
      resumedAt: start || undefined,
    });
    const history: MetricsLine[] = (await folder?.loadMetrics(start)) ?? [];
    const pictures = samplePlan(dataset.sampleShape, o.zDim, G.labelClasses, DataRandom.seeded(o.seed + 7919));

    const size = sampleSize(dataset);
    const block = o.criticIters * shard.rows * size;
    // Two real-data buffers: the next iteration's batches are drawn (read, for a streamed file) while
    // the native step runs on the other. The checkpoint keeps the data generator's state from before
    // that draw, so a resumed run draws the same batches. Every rank draws the same global batches (one
    // seed) and keeps its shard of each, so any rank count draws the same rows.
    // A conditional run draws the batches' labels with them (into its own buffer of each pair).
    const buffers = [new Float32Array(block), new Float32Array(block)];
    const labelBuffers = buffers.map(() => (classes ? new Int32Array(o.criticIters * shard.rows) : undefined));
    const global = worldSize > 1 ? new Float32Array(o.criticIters * o.batchSize * size) : null;
    const globalLabels = worldSize > 1 && classes ? new Int32Array(o.criticIters * o.batchSize) : undefined;
    let dataRngState = dataRng.state();
    const draw = async (k: number) => {
      const all = global ?? buffers[k];
      const allLabels = globalLabels ?? labelBuffers[k];
      await dataset.sample(dataRng, o.criticIters * o.batchSize, all, 0, allLabels);
      if (o.dequantize) addDequantizationNoise(all, dataset.range, dataRng);
      if (global) keepShard(global, buffers[k], o.criticIters, o.batchSize, shard);
      if (globalLabels) keepShard(globalLabels, labelBuffers[k]!, o.criticIters, o.batchSize, shard);
    };
    let pending: Promise<void> | void = draw(0);
    const heldOutAll = new Float32Array(o.batchSize * size);
    const heldOut = worldSize > 1 ? new Float32Array(shard.rows * size) : heldOutAll;
    const heldOutLabelsAll = classes ? new Int32Array(o.batchSize) : undefined;
    const heldOutLabels = classes && worldSize > 1 ? new Int32Array(shard.rows) : heldOutLabelsAll;
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
        if (await this.stopRequested(session, iteration)) {
          await checkpoint(iteration - 1);
          // No rank leaves before rank 0's checkpoint is safe (a launcher may end the job when one exits).
          await session?.gather(0, 'the checkpoint before stopping');
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
          ...(session ? { allReduceMs: stats.allReduceMs } : {}),
          ...(classes
            ? { classifierLoss: stats.classifierLoss, classifierAccuracy: stats.classifierAccuracy, generatorClassifierLoss: stats.generatorClassifierLoss }
            : {}),
        };
        const sampleNow = iteration % o.sampleEvery === 0 || iteration === o.iterations;
        if (sampleNow) {
          const evalRng = DataRandom.seeded(o.seed + iteration);
          await dataset.sampleHeldOut(evalRng, o.batchSize, heldOutAll, 0, heldOutLabelsAll);
          if (heldOut !== heldOutAll) keepShard(heldOutAll, heldOut, 1, o.batchSize, shard);
          if (heldOutLabels !== heldOutLabelsAll) keepShard(heldOutLabelsAll!, heldOutLabels!, 1, o.batchSize, shard);
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

/** Joins the job's session; every rank needs at least one row of each batch. Errors name this rank. */
function joinSession(o: ResolvedOptions): Session {
  let session: Session;
  try {
    session = startSession(o.distributed!, o.faultTimeout);
  } catch (error) {
    if (error instanceof Error) error.message = `rank ${launchedRank()?.rank ?? 0}: ${error.message}`;
    throw error;
  }
  for (const [key, batch] of [['batchSize', o.batchSize], ['generatorBatchSize', o.generatorBatchSize]] as const)
    if (batch < session.size)
      throw new InvalidArgumentError(
        `${key}: the batch of ${batch} is smaller than the ${session.size} ranks: each rank needs at least one row (give at least ${session.size})`,
      );
  return session;
}

/** Copies this rank's rows (`shard`, as the trainer splits a batch) of each of `steps` global batches
 *  (`batch` rows each) into `into`. (Samples; a conditional pair's labels shard the same way.) */
function keepShard<T extends Float32Array | Int32Array>(all: T, into: T, steps: number, batch: number, shard: { offset: number; rows: number }): void {
  const rowValues = all.length / (steps * batch);
  const shardValues = shard.rows * rowValues;
  for (let s = 0; s < steps; s++) {
    const from = (s * batch + shard.offset) * rowValues;
    into.set(all.subarray(from, from + shardValues), s * shardValues);
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
