/**
 * The subset that another binary of wgan-gp runs (test/platform/run-subset.mjs), and its checks:
 *  - every layer case of test/layer-cases.ts (all five operations), against the float64 oracle (1e-4, as
 *    the layer tests) and against this process's x64 binary on the same inputs;
 *  - the critics of the toy, mnist and cifar presets (batches 16, 4 and 2) with tanh in place of their
 *    (Leaky)ReLU: loss, penalty, per-sample gradient norms and every gradient against the x64 binary;
 *  - four iterations of toy-8gaussians-fast (batch 64, one thread) from the same seed as an x64 run.
 * Against the x64 binary the bar is 1e-5 relative (norm-wise for arrays): both compute in float32 and differ
 * only by rounding (the order of sums in each GEMM, where FMAs contract), ~1e-7; a wrong kernel differs at
 * order 1. The Wasserstein term, a difference of two means that largely cancel, is held to 1e-5 of the
 * loss. Why tanh: with (Leaky)ReLU the result is discontinuous where a pre-activation is 0, and among the
 * ~10^5 units of the mnist and cifar critics one now and then lies within rounding of 0; the two binaries
 * then take different sides and the gradients differ by ~1e-3 (seen here: mnist's critic, 1 seed of 3).
 * tanh keeps the same layers and kernels and adds the curvature terms of the double backward. For the
 * same reason training, where such a difference also passes through Adam, is held to 1e-3. The layer
 * cases keep ReLU and LeakyReLU: they are small enough for no unit to lie that close to 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PRESETS, Sequential, train, type ProgressEvent, type TrainOptions, type TrainResult } from '../../lib/index.js';
import type { LayerSpec, ModelSpec } from '../../lib/layers.js';
import { expectMatchesOracle, labelClasses, layerCaseInputs, layerCases as allLayerCases, layerLabel, type LayerInputs, type LayerResults } from '../layer-cases.js';

// The label-reading layers (generator-only) are left out: their labels do not cross the JSON bridge to the other binary.
const layerCases = allLayerCases.filter((c) => !labelClasses(c));
import { makeRandom, norm, relError } from '../helpers.js';
import { replacer, reviver } from './f32-json.mjs';

/** The bar between two binaries on the same inputs. */
export const SAME_RESULT = 1e-5;
/** The bar between two training runs from the same seed (see above). */
export const SAME_TRAINING = 1e-3;

const critics = [
  { preset: 'toy-8gaussians', batch: 16 },
  { preset: 'mnist', batch: 4 },
  { preset: 'cifar', batch: 2 },
] as const;

const training: TrainOptions = {
  preset: 'toy-8gaussians-fast',
  iterations: 4,
  batchSize: 64,
  threads: 1,
  seed: 11,
  sampleEvery: 2,
  checkpointEvery: 2,
  evalEvery: 0,
};

const smooth = (spec: ModelSpec): ModelSpec => ({
  ...spec,
  layers: spec.layers.map((l): LayerSpec => (l.type === 'relu' || l.type === 'leakyRelu' ? { type: 'tanh' } : l)),
});

type CriticResults = ReturnType<Sequential['native']['criticLossAndGrads']>;
interface CriticInput {
  spec: ModelSpec;
  params: Record<string, Float32Array>;
  real: Float32Array;
  fake: Float32Array;
  epsilon: Float32Array;
  lambda: number;
}
interface Training {
  progress: ProgressEvent[];
  result: TrainResult;
}

/** What the other binary gets, and what this process's x64 binary gives on the same inputs. */
export interface Subset {
  seed: number;
  layers: { model: Sequential; inputs: LayerInputs; x64: LayerResults }[];
  critics: { name: string; input: CriticInput; x64: CriticResults }[];
  training: Training;
  /** the file handed to run-subset.mjs */
  file: string;
}

export interface SubsetResults {
  layers: LayerResults[];
  critics: CriticResults[];
  training: Training;
}

/** The subset from `seed`, with the x64 results; its files go to `work`. */
export async function makeSubset(seed: number, work: string): Promise<Subset> {
  const rnd = makeRandom(seed);
  const layers = layerCases.map((c) => {
    const { model, inputs } = layerCaseInputs(c, rnd);
    return { model, inputs, x64: model.native.layerOps(0, inputs.x, inputs.gy, inputs.v, c.n) };
  });
  const criticRuns = critics.map(({ preset, batch }) => {
    const spec = smooth(PRESETS[preset].critic), lambda = PRESETS[preset].lambda;
    const model = new Sequential(spec, { seed });
    const size = batch * model.inputSize;
    const input = { spec, params: {} as Record<string, Float32Array>, real: rnd.array(size), fake: rnd.array(size), epsilon: rnd.array(batch, 0, 1), lambda };
    for (const [name, t] of Object.entries(model.parameters())) input.params[name] = t.data;
    return { name: `${preset} critic (tanh)`, input, x64: model.native.criticLossAndGrads(input.real, input.fake, input.epsilon, lambda) };
  });
  const progress: ProgressEvent[] = [];
  const run = train({ ...training, outDir: join(work, 'x64-run') });
  run.on('progress', (e) => progress.push(e));
  const result = await run.result;

  const file = join(work, 'subset.json');
  const layerInputs = layers.map(({ inputs }, i) => ({ ...layerCases[i], ...inputs }));
  writeFileSync(file, JSON.stringify({ layers: layerInputs, critics: criticRuns.map((c) => c.input), training }, replacer));
  return { seed, layers, critics: criticRuns, training: { progress, result }, file };
}

export const readResults = (file: string) => JSON.parse(readFileSync(file, 'utf8'), reviver) as SubsetResults;

/** Checks another binary's results (layers against the oracle and x64; critics and training against x64),
 *  and returns the largest relative difference to x64 of each kind, for the log. */
export function expectSubsetMatches(subset: Subset, results: SubsetResults, binary: string): Record<string, number> {
  const worst: Record<string, number> = { layers: 0, 'critic loss and penalty': 0, 'critic gradients': 0, training: 0 };
  const same = (kind: string, a: ArrayLike<number>, b: ArrayLike<number>, what: string, bar = SAME_RESULT, scale = norm(b)) => {
    const diff = relError(a, b) * (norm(b) / Math.max(scale, 1e-30));
    worst[kind] = Math.max(worst[kind], diff);
    expect(diff, `${binary} vs x64: ${what} (seed ${subset.seed})`).toBeLessThan(bar);
  };
  const rnd = makeRandom(subset.seed + 1);
  subset.layers.forEach(({ model, inputs, x64 }, i) => {
    const c = layerCases[i], ours = results.layers[i];
    expectMatchesOracle(c, model, inputs, ours, rnd);
    for (const key of ['y', 'gx', 'paramGrads', 'w', 'c', 'curvatureGrads'] as const)
      if (norm(x64[key]) === 0) expect(norm(ours[key]), `${binary}: ${key} of ${layerLabel(c)} is zero as on x64`).toBe(0);
      else same('layers', ours[key], x64[key], `${key} of ${layerLabel(c)}`);
  });
  subset.critics.forEach(({ name, x64 }, i) => {
    const ours = results.critics[i];
    same('critic loss and penalty', [ours.loss], [x64.loss], `${name} loss`);
    same('critic loss and penalty', [ours.penalty], [x64.penalty], `${name} penalty`);
    same('critic loss and penalty', [ours.wasserstein], [x64.wasserstein], `${name} Wasserstein term, relative to the loss`, SAME_RESULT, Math.abs(x64.loss));
    same('critic gradients', ours.gradNorms, x64.gradNorms, `${name} per-sample gradient norms`);
    expect(ours.grads).toHaveLength(x64.grads.length);
    same('critic gradients', ours.grads, x64.grads, `${name} gradients`);
  });
  const { progress, result } = results.training;
  expect(result.iterations).toBe(training.iterations);
  expect(result.lastCheckpoint).toMatch(/iter-000004\.safetensors$/);
  expect(progress.map((e) => e.iteration)).toEqual([1, 2, 3, 4]);
  progress.forEach((e, i) => {
    const x64 = subset.training.progress[i];
    for (const key of ['criticLoss', 'penalty', 'gradNormMean', 'generatorLoss'] as const)
      same('training', [e[key]], [x64[key]], `${key} of training iteration ${e.iteration}`, SAME_TRAINING);
  });
  return worst;
}
