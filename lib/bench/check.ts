/**
 * The correctness check a peer runs before timing: wgan-gp's critic loss and penalty on one fixed batch with
 * the critic's own weights, which the peer loads (by the same names, laid out as each framework needs) and
 * recomputes. A peer whose figures differ by more than CHECK_TOLERANCE is not timed.
 */
import type { Preset } from '../presets/index.js';
import { Sequential } from '../sequential.js';
import { encodeSafetensors, writeFileAtomic, type TensorEntry } from '../train/safetensors.js';

/** float32 sums in different orders over up to 8192-wide layers differ by ~1e-5; 1e-3 still catches any wrong term. */
export const CHECK_TOLERANCE = 1e-3;

export interface CheckBatch {
  params: ReturnType<Sequential['parameters']>;
  real: Float32Array;
  fake: Float32Array;
  epsilon: Float32Array;
  n: number;
  lambda: number;
  /** wgan-gp's figures on it */
  loss: number;
  penalty: number;
}

/** A critic with seeded weights, a batch of fixed waves, and wgan-gp's loss and penalty on them. */
export function checkBatch(preset: Pick<Preset, 'critic' | 'batchSize' | 'lambda'>): CheckBatch {
  const critic = new Sequential(preset.critic, { seed: 5 });
  try {
    const n = Math.min(preset.batchSize, 16), size = critic.inputSize;
    const wave = (k: number) => Float32Array.from({ length: n * size }, (_, i) => Math.sin(0.37 * i + k) * 0.9);
    const real = wave(1), fake = wave(2), epsilon = Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const { loss, penalty } = critic.criticLossAndGrads({ real, fake, epsilon, lambda: preset.lambda });
    return { params: critic.parameters(), real, fake, epsilon, n, lambda: preset.lambda, loss, penalty };
  } finally {
    critic.dispose();
  }
}

export interface CorrectnessCheck {
  loss: { wganGp: number; peer: number };
  penalty: { wganGp: number; peer: number };
  relError: number;
}

/** The check of a peer's loss and penalty against wgan-gp's (bench/pytorch_peer.py computes the same). */
export function compareCheck(batch: Pick<CheckBatch, 'loss' | 'penalty'>, peer: { loss: number; penalty: number }): CorrectnessCheck {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
  return {
    loss: { wganGp: batch.loss, peer: peer.loss },
    penalty: { wganGp: batch.penalty, peer: peer.penalty },
    relError: Math.max(rel(peer.loss, batch.loss), rel(peer.penalty, batch.penalty)),
  };
}

/** The check as a safetensors file for a peer in another language: the critic's tensors under their names,
 *  `real`, `fake`, `epsilon` ([n, ...shape]), and in the metadata λ and wgan-gp's loss and penalty. */
export async function writeCheckFile(batch: CheckBatch, shape: number[], file: string): Promise<void> {
  const tensors: Record<string, TensorEntry> = { ...batch.params };
  tensors.real = { shape: [batch.n, ...shape], data: batch.real };
  tensors.fake = { shape: [batch.n, ...shape], data: batch.fake };
  tensors.epsilon = { shape: [batch.n], data: batch.epsilon };
  await writeFileAtomic(file, await encodeSafetensors(tensors, { lambda: String(batch.lambda), loss: String(batch.loss), penalty: String(batch.penalty) }));
}
