/**
 * Checkpoints: one safetensors file with both models' tensors under their state_dict names
 * ('generator.0.weight', 'critic.3.bias', ...), the Adam moments ('optimizer.generator.exp_avg.0.weight',
 * '...exp_avg_sq...'), and in the metadata the iteration, Adam step counts, both random states, the
 * resolved config and a sha256 checksum of the data. Written atomically; verified when read.
 */
import { CheckpointError } from '../errors.js';
import type { NativeAdamState, NativeEma } from '../native.js';
import type { Sequential } from '../sequential.js';
import type { ResolvedOptions } from './resolved-options.js';
import { readSafetensors, type TensorEntry, encodeSafetensors, writeFileAtomic } from './safetensors.js';

export const CHECKPOINT_FORMAT = 'wgan-gp-checkpoint/1';
/** The prefix of the generator's EMA tensors in a checkpoint (its state_dict, buffers included). */
export const EMA_TENSORS = 'generator_ema';

export interface TrainingState {
  iteration: number;
  config: ResolvedOptions;
  adamG: NativeAdamState;
  adamD: NativeAdamState;
  rng: { key: bigint; counter: bigint };
  dataRng: number[];
  version: string;
  /** the generator's EMA, when the run keeps one */
  ema?: NativeEma | null;
}

export interface Checkpoint extends Omit<TrainingState, 'adamG' | 'adamD' | 'ema'> {
  /** generator images the EMA has seen (its tensors are 'generator_ema.<name>'), or undefined without one */
  emaImages?: number;
  tensors: Record<string, TensorEntry>;
  adamStep: { generator: number; critic: number };
}

function modelTensors(prefix: string, model: Sequential, adam: NativeAdamState, out: Record<string, TensorEntry>) {
  for (const [name, t] of Object.entries(model.parameters())) out[`${prefix}.${name}`] = t;
  for (const t of model.tensors) {
    if (!t.trainable) continue;
    out[`optimizer.${prefix}.exp_avg.${t.name}`] = { shape: t.shape, data: adam.m.subarray(t.offset, t.offset + t.size) };
    out[`optimizer.${prefix}.exp_avg_sq.${t.name}`] = { shape: t.shape, data: adam.v.subarray(t.offset, t.offset + t.size) };
  }
}

export async function writeCheckpoint(file: string, generator: Sequential, critic: Sequential, state: TrainingState): Promise<void> {
  const tensors: Record<string, TensorEntry> = {};
  modelTensors('generator', generator, state.adamG, tensors);
  modelTensors('critic', critic, state.adamD, tensors);
  if (state.ema) {
    const values = emaValues(generator, state.ema);
    for (const t of generator.tensors) tensors[`${EMA_TENSORS}.${t.name}`] = { shape: t.shape, data: values[t.name] };
  }
  const metadata = {
    format: CHECKPOINT_FORMAT,
    version: state.version,
    iteration: String(state.iteration),
    adamStepGenerator: String(state.adamG.step),
    adamStepCritic: String(state.adamD.step),
    rngKey: state.rng.key.toString(),
    rngCounter: state.rng.counter.toString(),
    dataRng: JSON.stringify(state.dataRng),
    config: JSON.stringify(state.config),
    ...(state.ema ? { emaImages: String(state.ema.images) } : {}),
  };
  await writeFileAtomic(file, await encodeSafetensors(tensors, metadata));
}

export function readCheckpoint(file: string): Checkpoint {
  const { tensors, metadata } = readSafetensors(file);
  if (metadata.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(`${file} is not a wgan-gp checkpoint (format '${metadata.format ?? 'none'}')`);
  if (!metadata.checksum) throw new CheckpointError(`${file} has no checksum in its metadata, so it cannot be verified`);
  try {
    const config = JSON.parse(metadata.config) as ResolvedOptions;
    return {
      tensors,
      iteration: Number(metadata.iteration),
      config,
      adamStep: { generator: Number(metadata.adamStepGenerator), critic: Number(metadata.adamStepCritic) },
      rng: { key: BigInt(metadata.rngKey), counter: BigInt(metadata.rngCounter) },
      dataRng: JSON.parse(metadata.dataRng) as number[],
      version: metadata.version,
      emaImages: metadata.emaImages === undefined ? undefined : Number(metadata.emaImages),
    };
  } catch (error) {
    throw new CheckpointError(`${file}: its metadata is incomplete or corrupted (${(error as Error).message})`, { cause: error });
  }
}

/** Loads a model's tensors from a checkpoint; throws CheckpointError when the architectures differ. */
export function restoreModel(ck: Checkpoint, prefix: string, model: Sequential, file: string): void {
  const values: Record<string, Float32Array> = {};
  for (const t of model.tensors) {
    const entry = ck.tensors[`${prefix}.${t.name}`];
    if (!entry || entry.shape.join('x') !== t.shape.join('x'))
      throw new CheckpointError(
        `${file} does not match this ${prefix}: tensor ${t.name} is [${t.shape}] here but ` +
          (entry ? `[${entry.shape}] in the checkpoint` : 'missing in the checkpoint') +
          ' (a checkpoint of another architecture)',
      );
    values[t.name] = entry.data;
  }
  model.setParameters(values);
}

/** The EMA's flat arrays as the generator's named tensors (trainable ones from params, buffers from state). */
export function emaValues(generator: Sequential, ema: NativeEma): Record<string, Float32Array> {
  return Object.fromEntries(
    generator.tensors.map((t) => [t.name, (t.trainable ? ema.params : ema.state).subarray(t.offset, t.offset + t.size)]),
  );
}

/** The generator's EMA from a checkpoint, laid out by the generator's tensor offsets. */
export function restoreEma(ck: Checkpoint, generator: Sequential, file: string): NativeEma {
  const count = (trainable: boolean) => generator.tensors.filter((t) => t.trainable === trainable).reduce((s, t) => s + t.size, 0);
  const params = new Float32Array(count(true)), state = new Float32Array(count(false));
  for (const t of generator.tensors) {
    const entry = ck.tensors[`${EMA_TENSORS}.${t.name}`];
    if (!entry || entry.data.length !== t.size) throw new CheckpointError(`${file}: the EMA tensor ${t.name} is missing or has the wrong size`);
    (t.trainable ? params : state).set(entry.data, t.offset);
  }
  return { params, state, images: ck.emaImages ?? 0 };
}

/** The Adam state of one model from a checkpoint, laid out by the model's tensor offsets. */
export function restoreAdamState(ck: Checkpoint, prefix: 'generator' | 'critic', model: Sequential, file: string): NativeAdamState {
  const size = model.tensors.filter((t) => t.trainable).reduce((s, t) => s + t.size, 0);
  const m = new Float32Array(size), v = new Float32Array(size);
  for (const t of model.tensors) {
    if (!t.trainable) continue;
    const em = ck.tensors[`optimizer.${prefix}.exp_avg.${t.name}`], ev = ck.tensors[`optimizer.${prefix}.exp_avg_sq.${t.name}`];
    if (!em || !ev || em.data.length !== t.size || ev.data.length !== t.size)
      throw new CheckpointError(`${file}: the optimizer state of ${prefix} tensor ${t.name} is missing or has the wrong size`);
    m.set(em.data, t.offset);
    v.set(ev.data, t.offset);
  }
  return { m, v, step: ck.adamStep[prefix] };
}
