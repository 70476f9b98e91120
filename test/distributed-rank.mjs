// One rank of a small conditional pair (a generator reading labels, a critic with a classifier head) trained
// through the native trainer: run by test/distributed.test.ts under mpirun ('distributed') and alone. Every
// rank makes the same global batches and passes its rows; rank 0 prints its parameters and statistics as JSON.
// The generator's conditionalBatchNorm has synchronised statistics (syncBatchNorm), so ranks train as one does;
// 'own-statistics' after 'distributed' keeps each rank's own.
import { Sequential } from '../dist/index.js';
import { native } from '../dist/native.js';

const K = 3, Z = 3, batch = 8, generatorBatch = 6, criticIters = 2, iterations = 2;
const generatorSpec = {
  inputShape: [Z],
  layers: [
    { type: 'labelEmbedding', classes: K, dim: 2 }, { type: 'dense', units: 6 }, { type: 'relu' }, { type: 'conditionalBatchNorm', classes: K },
    { type: 'dense', units: 4 }, { type: 'tanh' },
  ],
};
const criticSpec = {
  inputShape: [4],
  layers: [{ type: 'dense', units: 6 }, { type: 'tanh' }, { type: 'dense', units: 5 }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'dense', units: 1 + K }],
};

const addon = native();
const distributed = process.argv[2] === 'distributed';
const { rank } = distributed ? addon.startDistributed({ engine: 'mpi', faultTimeout: 30 }) : { rank: 0 };
const G = new Sequential(generatorSpec, { seed: 1 });
const D = new Sequential(criticSpec, { seed: 2 });
const adam = { lr: 1e-3, beta1: 0.5, beta2: 0.9 };
const trainer = new addon.NativeTrainer(G.native, D.native, {
  batch, generatorBatch, criticIters, lambda: 10, acganScale: 1, acganScaleG: 0.1, seed: 5, adamG: adam, adamD: adam,
  ...(distributed ? { distributed: true, syncBatchNorm: process.argv[3] !== 'own-statistics' } : {}),
});

let a = 9; // mulberry32: the same global batches on every rank
const next = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const { offset, rows } = trainer.shard();
/** This rank's rows of `steps` global batches of `width` values per row. */
const shard = (all, steps, width) => {
  const out = new all.constructor(steps * rows * width);
  for (let s = 0; s < steps; s++) out.set(all.subarray((s * batch + offset) * width, (s * batch + offset + rows) * width), s * rows * width);
  return out;
};
const stats = [];
for (let i = 0; i < iterations; i++) {
  const real = Float32Array.from({ length: criticIters * batch * 4 }, () => 2 * next() - 1);
  const labels = Int32Array.from({ length: criticIters * batch }, () => Math.floor(K * next()) % K);
  stats.push(...(await trainer.run(shard(real, criticIters, 4), 1, shard(labels, criticIters, 1))));
}
const heldOut = Float32Array.from({ length: batch * 4 }, () => 2 * next() - 1);
const heldLabels = Int32Array.from({ length: batch }, () => Math.floor(K * next()) % K);
const evaluation = await trainer.evaluate(shard(heldOut, 1, 4), 77, shard(heldLabels, 1, 1));
if (rank === 0) console.log(JSON.stringify({ G: Array.from(G.native.getParams()), D: Array.from(D.native.getParams()), stats, evaluation }));
if (distributed) addon.finalizeDistributed();
