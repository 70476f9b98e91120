/**
 * The TF.js peer of the benchmark (run as a child by lib/bench/peers.ts): the same WGAN-GP iteration written the way a
 * TF.js user would, with tf.variables, nested tf.grad for the penalty, and tf.train.adam. Layouts are NHWC
 * (TF.js convolutions support only that); shapes and FLOPs are those of the wgan-gp presets.
 * argv: backend (cpu | wasm | node) config warmup iterations budgetMs threads
 * It lives in the repository, not the npm package (TF.js is a devDependency); `npm run build:ts` compiles it
 * beside itself, against the built library in dist/.
 */
import type * as TF from '@tensorflow/tfjs';
import { PRESETS, Sequential, WGAN_GP_ADAM, type LayerSpec, type ModelSpec, type Preset } from '../dist/index.js';
import { BENCH_CONFIGS, type BenchConfig } from '../dist/bench/bench.js';
import { CHECK_TOLERANCE, checkBatch, compareCheck } from '../dist/bench/check.js';
import { timeIterations } from '../dist/bench/timing.js';

type Tensor = TF.Tensor;
const print = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

async function loadTf(backend: string): Promise<typeof TF> {
  if (backend === 'node') return (await import('@tensorflow/tfjs-node' as string)) as typeof TF;
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' did not initialise`);
  await tf.ready();
  return tf;
}

/** A model as variables and a forward function over NHWC tensors. */
function buildModel(tf: typeof TF, spec: ModelSpec, notes: Set<string>) {
  const vars: TF.Variable[] = [];
  const weight = (shape: number[], fanIn: number) => {
    const v = tf.variable(tf.randomUniform(shape, -Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn)));
    vars.push(v);
    return v;
  };
  const constant = (shape: number[], value: number) => {
    const v = tf.variable(tf.fill(shape, value));
    vars.push(v);
    return v;
  };
  // shape without batch, NHWC for images
  let shape = spec.inputShape.length === 3 ? [spec.inputShape[1], spec.inputShape[2], spec.inputShape[0]] : [...spec.inputShape];
  const ops: ((x: Tensor) => Tensor)[] = [];
  /** per layer index: its weight and bias, and for a dense layer after a flatten the [C, H, W] it flattens */
  const weights = new Map<number, { W: TF.Variable; b: TF.Variable; flattenedCHW?: number[] }>();
  let flattenedCHW: number[] | undefined;
  for (const [index, layer] of (spec.layers as LayerSpec[]).entries()) {
    switch (layer.type) {
      case 'dense': {
        const W = weight([shape[0], layer.units], shape[0]), b = constant([layer.units], 0);
        weights.set(index, { W, b, flattenedCHW });
        ops.push((x) => tf.add(tf.matMul(x as TF.Tensor2D, W as TF.Tensor2D), b));
        shape = [layer.units];
        break;
      }
      case 'conv2d': {
        const k = Array.isArray(layer.kernelSize) ? layer.kernelSize : [layer.kernelSize, layer.kernelSize];
        const s = layer.strides ?? 1;
        const W = weight([k[0], k[1], shape[2], layer.filters], k[0] * k[1] * shape[2]), b = constant([layer.filters], 0);
        weights.set(index, { W, b });
        ops.push((x) => tf.add(tf.conv2d(x as TF.Tensor4D, W as TF.Tensor4D, s, 'same'), b));
        shape = [Math.ceil(shape[0] / s), Math.ceil(shape[1] / s), layer.filters];
        break;
      }
      case 'conv2dTranspose': {
        const k = Array.isArray(layer.kernelSize) ? layer.kernelSize : [layer.kernelSize, layer.kernelSize];
        const s = layer.strides ?? 1;
        const out = [shape[0] * s, shape[1] * s, layer.filters] as [number, number, number];
        const W = weight([k[0], k[1], layer.filters, shape[2]], k[0] * k[1] * shape[2]), b = constant([layer.filters], 0);
        ops.push((x) => tf.add(tf.conv2dTranspose(x as TF.Tensor4D, W as TF.Tensor4D, [x.shape[0], ...out], s, 'same'), b));
        shape = out;
        break;
      }
      case 'crop2d': {
        const c = layer.cropping;
        const [[t, bo], [l, r]] = typeof c === 'number' ? [[c, c], [c, c]] : typeof c[0] === 'number' ? [[c[0], c[0]], [c[1] as number, c[1] as number]] : (c as [[number, number], [number, number]]);
        const out = [shape[0] - t - bo, shape[1] - l - r, shape[2]];
        ops.push((x) => tf.slice(x, [0, t, l, 0], [x.shape[0], out[0], out[1], out[2]]));
        shape = out;
        break;
      }
      case 'reshape': {
        const [c, h, w] = layer.targetShape;
        shape = layer.targetShape.length === 3 ? [h, w, c] : [...layer.targetShape];
        const target = shape;
        ops.push((x) => tf.reshape(x, [x.shape[0], ...target]));
        break;
      }
      case 'flatten': {
        const size = shape.reduce((a, b) => a * b, 1);
        if (shape.length === 3) flattenedCHW = [shape[2], shape[0], shape[1]];
        ops.push((x) => tf.reshape(x, [x.shape[0], size]));
        shape = [size];
        break;
      }
      case 'relu':
        ops.push((x) => tf.relu(x));
        break;
      case 'tanh':
        ops.push((x) => tf.tanh(x));
        break;
      case 'sigmoid':
        ops.push((x) => tf.sigmoid(x));
        break;
      case 'leakyRelu': {
        // tf.leakyRelu has no second-order gradient in TF.js 4.22; this form equals it exactly
        const a = layer.alpha ?? 0.2;
        notes.add(`LeakyReLU(${a}) written as ${(1 + a) / 2}x + ${(1 - a) / 2}|x| (tf.leakyRelu has no second-order gradient)`);
        ops.push((x) => tf.add(tf.mul(x, (1 + a) / 2), tf.mul(tf.abs(x), (1 - a) / 2)));
        break;
      }
      case 'batchNorm':
      case 'layerNorm': {
        const channels = shape[shape.length - 1];
        const gamma = constant(layer.type === 'batchNorm' ? [channels] : shape, 1), beta = constant(layer.type === 'batchNorm' ? [channels] : shape, 0);
        const rank = shape.length + 1;
        const axes = layer.type === 'batchNorm' ? [...Array(rank - 1).keys()] : [...Array(rank).keys()].slice(1);
        ops.push((x) => {
          const { mean, variance } = tf.moments(x, axes, true);
          return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
        });
        break;
      }
      default:
        throw new Error(`the TF.js peer has no layer '${(layer as { type: string }).type}'`);
    }
  }
  return { vars, weights, inputShape: spec.inputShape.length === 3 ? [spec.inputShape[1], spec.inputShape[2], spec.inputShape[0]] : spec.inputShape, apply: (x: Tensor) => ops.reduce((h, op) => op(h), x) };
}

/** wgan-gp's parameters (PyTorch layouts, NCHW) copied into the TF.js critic (NHWC layouts). */
function copyWeights(tf: typeof TF, D: ReturnType<typeof buildModel>, params: Record<string, { shape: number[]; data: Float32Array }>) {
  for (const [index, { W, b, flattenedCHW }] of D.weights) {
    const w = params[`${index}.weight`];
    let t = tf.tensor(w.data, w.shape);
    if (w.shape.length === 4) t = tf.transpose(t, [2, 3, 1, 0]); // [out, in, kh, kw] -> [kh, kw, in, out]
    else if (flattenedCHW) {
      // our flatten is C,H,W-major, TF's H,W,C-major: reorder the input columns, then [out, in] -> [in, out]
      const [c, h, wd] = flattenedCHW;
      t = tf.transpose(tf.reshape(tf.transpose(tf.reshape(t, [w.shape[0], c, h, wd]), [0, 2, 3, 1]), [w.shape[0], c * h * wd]));
    } else t = tf.transpose(t);
    W.assign(t as TF.Tensor);
    b.assign(tf.tensor(params[`${index}.bias`].data));
  }
}

const toNHWC = (tf: typeof TF, x: Float32Array, n: number, chw: number[]) =>
  chw.length === 3 ? tf.transpose(tf.tensor(x, [n, ...chw]), [0, 2, 3, 1]) : tf.tensor(x, [n, ...chw]);

/** Before timing: the critic loss and penalty of this TF.js critic on wgan-gp's weights and check batch (lib/bench/check.ts). */
async function checkAgainstWganGp(tf: typeof TF, D: ReturnType<typeof buildModel>, preset: Preset, gradOfCritic: (x: Tensor) => Tensor) {
  const batch = checkBatch(preset);
  copyWeights(tf, D, batch.params);
  const { n, real, fake, epsilon } = batch;
  const [loss, penalty] = tf.tidy(() => {
    const r = toNHWC(tf, real, n, preset.critic.inputShape), f = toNHWC(tf, fake, n, preset.critic.inputShape);
    const eps = tf.reshape(tf.tensor(epsilon), [n, ...r.shape.slice(1).map(() => 1)]);
    const xhat = tf.add(tf.mul(eps, r), tf.mul(tf.sub(1, eps), f));
    const norms = tf.sqrt(tf.sum(tf.square(gradOfCritic(xhat)), [...Array(r.rank - 1).keys()].map((a) => a + 1)));
    const gp = tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), preset.lambda);
    return [tf.add(tf.sub(tf.mean(D.apply(f)), tf.mean(D.apply(r))), gp).dataSync()[0], gp.dataSync()[0]];
  });
  return compareCheck(batch, { loss, penalty });
}

async function main() {
  const [backend, config, warmup, iterations, budgetMs] = process.argv.slice(2);
  const tf = await loadTf(backend);
  const preset = PRESETS[BENCH_CONFIGS[config as BenchConfig]];
  const notes = new Set<string>();
  if (backend === 'cpu') notes.add('single-threaded (the cpu backend is pure JavaScript)');
  if (backend === 'wasm') notes.add('single-threaded (wasm threads cannot start under Node)');
  const G = buildModel(tf, preset.generator, notes);
  const D = buildModel(tf, preset.critic, notes);
  const B = preset.batchSize, lambda = preset.lambda;
  const adam = () => tf.train.adam(preset.lr ?? WGAN_GP_ADAM.lr, preset.beta1 ?? WGAN_GP_ADAM.beta1, preset.beta2 ?? WGAN_GP_ADAM.beta2);
  const optD = adam(), optG = adam();
  const reals = Array.from({ length: preset.criticIters }, () => tf.randomUniform([B, ...D.inputShape], -1, 1));
  const sampleAxes = [...Array(D.inputShape.length).keys()].map((a) => a + 1);
  const critic = (x: Tensor) => D.apply(x);
  const gradOfCritic = tf.grad((x: Tensor) => tf.sum(critic(x)));

  const criticStep = (real: Tensor) => {
    const fake = tf.tidy(() => G.apply(tf.randomNormal([B, preset.zDim])));
    const cost = optD.minimize(
      () => {
        const eps = tf.randomUniform([B, ...D.inputShape.map(() => 1)]);
        const xhat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
        const norms = tf.sqrt(tf.sum(tf.square(gradOfCritic(xhat)), sampleAxes));
        const penalty = tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda);
        return tf.add(tf.sub(tf.mean(critic(fake)), tf.mean(critic(real))), penalty) as TF.Scalar;
      },
      true,
      D.vars,
    );
    cost!.dataSync();
    tf.dispose([cost!, fake]);
  };
  const generatorStep = () => {
    const cost = optG.minimize(() => tf.neg(tf.mean(critic(G.apply(tf.randomNormal([B, preset.zDim]))))) as TF.Scalar, true, G.vars);
    cost!.dataSync();
    cost!.dispose();
  };
  for (const note of notes) print({ note });
  const check = await checkAgainstWganGp(tf, D, preset, gradOfCritic);
  print({ check });
  if (!(check.relError <= CHECK_TOLERANCE)) return; // the parent reports it; timing a wrong answer is pointless
  await timeIterations(
    async () => {
      const t0 = performance.now();
      for (const real of reals) criticStep(real);
      const t1 = performance.now();
      generatorStep();
      return { criticMs: (t1 - t0) / reals.length, genMs: performance.now() - t1 };
    },
    { warmup: Number(warmup), iterations: Number(iterations), budgetMs: Number(budgetMs) },
    print,
  );
}

main().catch((error: Error) => {
  print({ error: error.message.split('\n')[0] });
  process.exitCode = 1;
});
