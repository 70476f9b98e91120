// The whole GPU verification of the CUDA backend in one run: `npm run check:gpu` on a machine with Node.js and a
// build, or `bin/node scripts/check-gpu.mjs` inside the bundle of scripts/gpu-bundle.sh (no Node.js or network
// needed there). It compares, on the same inputs, CUDA against the CPU backend:
//   1. every layer operation (forward, backward-data, backward-params, tangent, curvature), several shapes;
//   2. whole critic steps (loss, penalty, per-sample norms, gradients) of the toy, mnist, cifar and cifar-resnet critics;
//      convolutions in 1 and 2 on both GPU paths, cuDNN (where it loads) and im2col + cuBLAS GEMM;
//   3. three whole iterations (5 critic steps, 1 generator step, Adam, Philox draws on the device), CPU vs
//      CUDA and CUDA graph on vs off, and as one data-parallel rank (NCCL on the GPU, inside the graph; MPI
//      on the CPU) against alone (skipped, saying why, where MPI or NCCL is not found);
// then trains toy-8gaussians-fast and mnist-fast on the GPU and measures their samples, and times the
// benchmark configs (BENCHMARKS.md) on CPU and GPU (graph on and off, cuDNN or GEMM convolutions) beside PyTorch on the same
// GPU (eager and CUDA graphs, when a python3 with torch is found; WGAN_GP_PYTHON names another). Prints a report, writes it as JSON to
// <out>/gpu-check.json, and exits 1 when a comparison is outside its tolerance.
// Options: --out <dir> (default .), --skip-train, --skip-bench, --bench-budget <seconds> (default 40),
// --configs <list> (default toy,mnist,cifar,cifar-resnet), --conditional <list> (the conditional presets of step 3,
// default mnist-conditional,cifar-resnet-conditional; none: skip), --device cpu (compares the CPU with itself: how CI checks this script where there is no GPU).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWganGp } from '../dist/bench/bench.js';
import { GPU_PEERS, runPeer } from '../dist/bench/peers.js';
import { evaluate, PRESETS, runtimeInfo, Sequential, train } from '../dist/index.js';
import { native } from '../dist/native.js';
import { conditionedClasses } from '../dist/train/conditional.js';

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string', default: '.' },
    'skip-train': { type: 'boolean', default: false },
    'skip-bench': { type: 'boolean', default: false },
    'bench-budget': { type: 'string', default: '40' },
    device: { type: 'string', default: 'cuda' },
    configs: { type: 'string', default: 'toy,mnist,cifar,cifar-resnet' },
    conditional: { type: 'string', default: 'mnist-conditional,cifar-resnet-conditional' },
  },
});

// Tolerances (float32; cuBLAS and the CPU sum in different orders, the GPU fuses multiply-adds):
const TOL = {
  layer: 1e-4, // max |cuda - cpu| / max |cpu| of each output of a layer operation
  critic: 1e-3, // the same for a critic step's loss terms, norms and gradients
  iteration: 5e-2, // ‖Δθ_cuda - Δθ_cpu‖ / ‖Δθ_cpu‖ after 3 iterations (Adam amplifies round-off where g ≈ 0)
  graph: 1e-3, // the same between CUDA graph replay and direct launches
};

const report = { cuda: runtimeInfo().cuda, layers: [], critics: [], iterations: [], training: [], bench: [], failures: [] };
const log = (line) => console.log(line);
const DEVICE = flags.device === 'cpu' ? 'cpu' : 'cuda';
const CONFIGS = flags.configs.split(',');
const CONFIG_PRESETS = { toy: 'toy-8gaussians', mnist: 'mnist', cifar: 'cifar', 'cifar-resnet': 'cifar-resnet' };
// The class-conditional presets' iterations (labels, ACGAN terms, conditionalBatchNorm), at the class counts their
// models are built with (cifar-resnet-conditional's K comes from its folder; its preset's models are CIFAR-10's).
const CONDITIONAL_CLASSES = Object.fromEntries(flags.conditional.split(',').filter((name) => name && name !== 'none').map((name) => {
  const models = PRESETS[name] && [new Sequential(PRESETS[name].generator, { seed: 1 }), new Sequential(PRESETS[name].critic, { seed: 1 })];
  const classes = models ? conditionedClasses(...models) : 0;
  models?.forEach((model) => model.dispose());
  if (classes < 1) {
    console.error(`check:gpu: --conditional: '${name}' is not a conditional preset`);
    process.exit(1);
  }
  return [name, classes];
}));
if (DEVICE === 'cuda' && !report.cuda.available) {
  console.error(`check:gpu: the CUDA backend cannot run here: ${report.cuda.reason}`);
  process.exit(2);
}
if (DEVICE === 'cuda') {
  const c = report.cuda;
  log(`GPU: ${c.gpus.map((g) => `${g.name} (compute ${g.computeCapability}, ${g.memoryMB} MB)`).join(', ')}; driver ${c.driverVersion}, runtime ${c.runtimeVersion}`);
  for (const [name, lib] of [['cuDNN', c.cudnn], ['cuBLAS', c.cublas]]) log(`  ${name}: ${lib.loaded ? `${lib.version} (${lib.path})` : lib.error}`);
  log(`  convolutions: ${c.convolutions}`);
}
// Convolutions are checked on each GPU path: cuDNN (the default where it loads) and im2col + cuBLAS GEMM, against
// the CPU's default (Winograd for 3×3 stride-1 kernels, im2col + GEMM for most others). The CPU self-check takes
// its two paths instead, plain GEMM and GEMM over explicitly padded copies (cuDNN's way), with plain GEMM as the
// reference: they build the very same GEMM operands, so they must agree exactly.
const CONV_PATHS = DEVICE === 'cpu' ? ['gemm', 'gemm-padded'] : report.cuda.convolutions.startsWith('cuDNN') ? ['auto', 'gemm'] : ['auto'];
const REFERENCE_PATH = DEVICE === 'cpu' ? 'gemm' : 'auto';
const CONV_LABEL = { auto: DEVICE === 'cuda' ? report.cuda.convolutions.split(' (')[0] : 'CPU default', gemm: 'im2col + GEMM', 'gemm-padded': 'padded copies' };
// Runs body (sync or async) with WGAN_GP_CONV = path; models plan their convolutions when they first run.
function onConvPath(path, body) {
  const before = process.env.WGAN_GP_CONV;
  const restore = () => {
    if (before === undefined) delete process.env.WGAN_GP_CONV;
    else process.env.WGAN_GP_CONV = before;
  };
  process.env.WGAN_GP_CONV = path;
  let result;
  try {
    result = body();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore);
  restore();
  return result;
}

// A seeded uniform stream in [-1, 1), so failures reproduce.
function randoms(seed) {
  let s = seed >>> 0;
  return (n) => Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}

function relError(cuda, cpu) {
  let diff = 0, scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    diff = Math.max(diff, Math.abs(cuda[i] - cpu[i]));
    scale = Math.max(scale, Math.abs(cpu[i]));
  }
  return cpu.length === 0 ? 0 : diff / Math.max(scale, 1e-6);
}

function judge(list, name, errors, tolerance) {
  const worst = Math.max(0, ...Object.values(errors));
  const ok = Number.isFinite(worst) && worst <= tolerance;
  list.push({ name, ok, worst, errors });
  if (!ok) report.failures.push(`${name}: ${JSON.stringify(errors)} (tolerance ${tolerance})`);
  log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: worst ${worst.toExponential(2)}`);
}

// ---- 1. layer operations ----
const LAYER_CASES = [
  { name: 'dense 7→5', inputShape: [7], layer: { type: 'dense', units: 5 } },
  { name: 'dense 300→129', inputShape: [300], layer: { type: 'dense', units: 129 } },
  { name: 'conv2d k3 s1 same 3x9x7', inputShape: [3, 9, 7], layer: { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same' } },
  { name: 'conv2d k5 s2 same 1x28x28', inputShape: [1, 28, 28], layer: { type: 'conv2d', filters: 8, kernelSize: 5, strides: 2, padding: 'same' } },
  { name: 'conv2d k4 s2 pad1 5x8x6', inputShape: [5, 8, 6], layer: { type: 'conv2d', filters: 3, kernelSize: 4, strides: 2, padding: 1 } },
  { name: 'conv2dTranspose k5 s2 same 8x4x4', inputShape: [8, 4, 4], layer: { type: 'conv2dTranspose', filters: 3, kernelSize: 5, strides: 2, padding: 'same' } },
  { name: 'conv2dTranspose k4 s2 pad1 4x3x5', inputShape: [4, 3, 5], layer: { type: 'conv2dTranspose', filters: 2, kernelSize: 4, strides: 2, padding: 1 } },
  { name: 'crop2d 2x8x8', inputShape: [2, 8, 8], layer: { type: 'crop2d', cropping: [[1, 0], [0, 1]] } },
  { name: 'flatten 2x3x5', inputShape: [2, 3, 5], layer: { type: 'flatten' } },
  { name: 'relu 33', inputShape: [33], layer: { type: 'relu' } },
  { name: 'leakyRelu 2x5x5', inputShape: [2, 5, 5], layer: { type: 'leakyRelu', alpha: 0.2 } },
  { name: 'tanh 257', inputShape: [257], layer: { type: 'tanh' } },
  { name: 'sigmoid 19', inputShape: [19], layer: { type: 'sigmoid' } },
  { name: 'layerNorm 3x4x5', inputShape: [3, 4, 5], layer: { type: 'layerNorm' } },
  { name: 'layerNorm 1000', inputShape: [1000], layer: { type: 'layerNorm' } },
  { name: 'batchNorm 6x3x3', inputShape: [6, 3, 3], layer: { type: 'batchNorm' } },
  { name: 'batchNorm 40', inputShape: [40], layer: { type: 'batchNorm' } },
  { name: 'upsample2d x2 3x5x7', inputShape: [3, 5, 7], layer: { type: 'upsample2d' } },
  { name: 'avgPool2d 2 4x6x8', inputShape: [4, 6, 8], layer: { type: 'avgPool2d' } },
  { name: 'globalAvgPool 5x7x7', inputShape: [5, 7, 7], layer: { type: 'globalAvgPool' } },
  { name: 'depthToSpace 2 8x3x5', inputShape: [8, 3, 5], layer: { type: 'depthToSpace', blockSize: 2 } },
  {
    name: 'residual (layerNorm, tanh, 1x1 shortcut, scale 0.3) 3x6x6',
    inputShape: [3, 6, 6],
    layer: { type: 'residual', body: [{ type: 'layerNorm' }, { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }, { type: 'tanh' }], shortcut: [{ type: 'conv2d', filters: 4, kernelSize: 1 }], scale: 0.3 },
  },
];
log('\n1. layer operations, CUDA vs CPU');
// The CPU side runs on the reference path; the device side on a second model with the same seed (and so the
// same parameters), planned on the path under test.
function onBoth(spec, seed, path, run) {
  const reference = onConvPath(REFERENCE_PATH, () => new Sequential(spec, { seed }));
  const underTest = onConvPath(path, () => new Sequential(spec, { seed }));
  try {
    return { cpu: onConvPath(REFERENCE_PATH, () => run(reference, 'cpu')), cuda: onConvPath(path, () => run(underTest, DEVICE)) };
  } finally {
    reference.dispose();
    underTest.dispose();
  }
}
for (const [k, c] of LAYER_CASES.entries()) {
  const paths = c.layer.type.startsWith('conv') ? CONV_PATHS : [REFERENCE_PATH];
  for (const [path, n] of paths.flatMap((path) => [1, 7, 64].map((n) => [path, n]))) {
    const spec = { inputShape: c.inputShape, layers: [c.layer] };
    const rand = randoms(1000 * k + n);
    const inSize = c.inputShape.reduce((a, b) => a * b, 1);
    let inputs;
    const { cpu, cuda } = onBoth(spec, k + 1, path, (model, device) => {
      if (!inputs) {
        const outSize = model.native.describe().outputShape.reduce((a, b) => a * b, 1);
        inputs = [rand(n * inSize), rand(n * outSize), rand(n * inSize)];
      }
      const [x, gy, v] = inputs;
      return model.native.layerOps(0, x, gy, v, n, device);
    });
    const errors = Object.fromEntries(Object.keys(cpu).map((key) => [key, relError(cuda[key], cpu[key])]));
    judge(report.layers, `${c.name}, n=${n}${paths.length > 1 ? `, ${CONV_LABEL[path]}` : ''}`, errors, TOL.layer);
  }
}

// ---- 2. critic steps ----
log('\n2. critic steps (loss, penalty, norms, gradients), CUDA vs CPU');
for (const [path, preset] of CONV_PATHS.flatMap((path) => CONFIGS.map((c) => [path, CONFIG_PRESETS[c]]))) {
  const spec = PRESETS[preset].critic;
  const n = PRESETS[preset].batchSize, rand = randoms(7);
  const inSize = spec.inputShape.reduce((a, b) => a * b, 1);
  const real = rand(n * inSize), fake = rand(n * inSize);
  const eps = Float32Array.from(rand(n), (e) => (e + 1) / 2);
  const { cpu, cuda } = onBoth(spec, 5, path, (critic, device) => critic.native.criticLossAndGrads(real, fake, eps, 10, device));
  const scalar = (key) => Math.abs(cuda[key] - cpu[key]) / Math.max(Math.abs(cpu[key]), 1e-3);
  judge(report.critics, `${preset} critic, batch ${n}${CONV_PATHS.length > 1 ? `, ${CONV_LABEL[path]}` : ''}`, { loss: scalar('loss'), wasserstein: scalar('wasserstein'), penalty: scalar('penalty'), gradNorms: relError(cuda.gradNorms, cpu.gradNorms), grads: relError(cuda.grads, cpu.grads) }, TOL.critic);
}

// ---- 3. whole iterations ----
function trainIterations(preset, device, cudaGraph, distributed = false, syncBatchNorm = false) {
  const p = PRESETS[preset];
  const G = new Sequential(p.generator, { seed: 11 }), D = new Sequential(p.critic, { seed: 12 });
  const start = { G: G.native.getParams(), D: D.native.getParams() };
  const adam = { lr: p.lr, beta1: p.beta1, beta2: p.beta2 };
  const trainer = new (native().NativeTrainer)(G.native, D.native, { batch: p.batchSize, generatorBatch: p.generatorBatchSize, criticIters: p.criticIters, lambda: p.lambda, seed: 13, adamG: adam, adamD: adam, device, cudaGraph, distributed, ...(distributed ? { syncBatchNorm } : {}) });
  const real = randoms(17)(3 * p.criticIters * p.batchSize * D.inputSize);
  // A conditional pair (ACGAN head, label-reading generator layers) also gets the real rows' labels.
  const classes = CONDITIONAL_CLASSES[preset];
  const labels = classes ? Int32Array.from({ length: 3 * p.criticIters * p.batchSize }, (_, i) => (i * 7 + 3) % classes) : undefined;
  return trainer.run(real, 3, labels).then((stats) => {
    const delta = (now, before) => Float32Array.from(now, (x, i) => x - before[i]);
    const out = { stats, dG: delta(G.native.getParams(), start.G), dD: delta(D.native.getParams(), start.D) };
    G.dispose();
    D.dispose();
    return out;
  });
}
function deltaError(a, b) {
  let diff = 0, size = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    size += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(size), 1e-12);
}
function iterationErrors(a, b) {
  const first = (key) => Math.abs(a.stats[0][key] - b.stats[0][key]) / Math.max(Math.abs(b.stats[0][key]), 1e-3);
  const classifier = a.stats[0].classifierLoss === undefined ? {} : { classifierLoss: first('classifierLoss'), generatorClassifierLoss: first('generatorClassifierLoss') };
  return { criticLoss: first('criticLoss'), penalty: first('penalty'), generatorLoss: first('generatorLoss'), ...classifier, generatorParams: deltaError(a.dG, b.dG), criticParams: deltaError(a.dD, b.dD) };
}
log('\n3. three whole iterations: CUDA vs CPU, and CUDA graph replay vs direct launches (the conditional presets too)');
for (const preset of [...CONFIGS.map((c) => CONFIG_PRESETS[c]), ...Object.keys(CONDITIONAL_CLASSES)]) {
  const cpu = await trainIterations(preset, 'cpu', true);
  const graph = await trainIterations(preset, DEVICE, true);
  const direct = await trainIterations(preset, DEVICE, false);
  judge(report.iterations, `${preset}: CUDA (graph) vs CPU`, iterationErrors(graph, cpu), TOL.iteration);
  judge(report.iterations, `${preset}: CUDA graph vs no graph`, iterationErrors(graph, direct), TOL.graph);
}

// One rank of a data-parallel run: the all-reduce of one rank is the identity, so the iterations must match.
log(`\n3b. three whole iterations as one data-parallel rank (${DEVICE === 'cuda' ? 'NCCL, in the CUDA graph' : 'MPI'}) vs alone`);
const engine = DEVICE === 'cuda' ? 'nccl' : 'mpi';
let session = null;
try {
  session = native().startDistributed({ engine, faultTimeout: 60, alone: true });
} catch (error) {
  report.distributed = { skipped: error.message };
  log(`  skipped: ${error.message}`);
}
if (session) {
  for (const preset of CONFIGS.slice(0, 2).map((c) => CONFIG_PRESETS[c])) {
    const alone = await trainIterations(preset, DEVICE, true);
    const rank = await trainIterations(preset, DEVICE, true, true);
    judge(report.iterations, `${preset}: one ${engine} rank vs alone`, iterationErrors(rank, alone), TOL.graph);
  }
  // Synchronised BatchNorm (its sums' kernels and all-reduces, in the graph with NCCL): one rank's pooled statistics
  // are its own, so the generator with BatchNorm trains as alone. A check of the kernels and the recording only: the
  // combination across ranks (and NCCL's weights other than 1) is tested with several MPI ranks on the CPU
  // (test/distributed.test.ts).
  const alone = await trainIterations('cifar', DEVICE, true);
  const synced = await trainIterations('cifar', DEVICE, true, true, true);
  judge(report.iterations, `cifar: one ${engine} rank with syncBatchNorm vs alone`, iterationErrors(synced, alone), TOL.graph);
  native().finalizeDistributed();
}

// ---- 4. training runs ----
if (!flags['skip-train']) {
  log('\n4. training on the GPU');
  for (const preset of ['toy-8gaussians-fast', 'mnist-fast']) {
    const outDir = join(flags.out, `run-${preset}`);
    const t0 = performance.now();
    await train({ preset, device: DEVICE, outDir, checkpointEvery: 1e9, sampleEvery: 1e9 }).result;
    const seconds = (performance.now() - t0) / 1000;
    const { metrics } = await evaluate(outDir);
    report.training.push({ preset, seconds, metrics });
    const summary = metrics.kind === 'classifier'
      ? `classifier score ${metrics.classifierScore.toFixed(2)}, ${metrics.classesCovered}/${metrics.classes} classes, Fréchet ${metrics.frechetDistance.toFixed(1)}`
      : JSON.stringify(metrics).slice(0, 200);
    log(`  ${preset}: ${PRESETS[preset].iterations} iterations in ${seconds.toFixed(1)} s; ${summary}`);
  }
}

// ---- 5. benchmark ----
if (!flags['skip-bench']) {
  log('\n5. benchmark (BENCHMARKS.md), ms per iteration (median)');
  const plan = { warmup: 3, iterations: 30, budgetMs: Number(flags['bench-budget']) * 1000 };
  for (const config of CONFIGS) {
    const row = { config };
    const runs = [['cpu', 'cpu', 'auto'], ['cuda', 'cuda', 'auto'], ['cuda-nograph', 'cuda-nograph', 'auto']];
    if (CONV_PATHS.includes('gemm') && config !== 'toy') runs.push(['cuda-gemm-conv', 'cuda', 'gemm']);
    for (const [column, device, path] of DEVICE === 'cuda' ? runs : runs.slice(0, 1)) {
      const r = await onConvPath(path, () => benchWganGp(config, plan, device));
      row[column] = r.msPerIter?.median ?? null;
      if (r.error) row[`${column}Error`] = r.error;
    }
    // PyTorch on the same GPU, eager and with CUDA graphs (bench/pytorch_peer.py; needs a python3 with torch).
    for (const peer of DEVICE === 'cuda' ? GPU_PEERS : []) {
      const r = await runPeer(peer, config, { ...plan, threads: 1 });
      row[peer] = r.msPerIter?.median ?? null;
      if (r.error) row[`${peer}Error`] = r.error;
      if (r.note) row[`${peer}Note`] = r.note;
    }
    report.bench.push(row);
    const ms = (column) => (row[column] ? `${row[column].toFixed(3)} ms` : row[`${column}Error`] ?? '-');
    log(`  ${config}: cpu ${ms('cpu')}, cuda graph ${ms('cuda')}, cuda no graph ${ms('cuda-nograph')}` +
      (runs.length > 3 ? `, cuda graph with im2col + GEMM convolutions ${ms('cuda-gemm-conv')}` : '') +
      (row.cuda ? ` (${(row.cpu / row.cuda).toFixed(1)}x the CPU)` : ''));
    for (const peer of DEVICE === 'cuda' ? GPU_PEERS : [])
      log(`    ${peer}: ${ms(peer)}` + (row[peer] && row.cuda ? ` (wgan-gp cuda graph is ${(row[peer] / row.cuda).toFixed(2)}x faster)` : ''));
  }
}

mkdirSync(flags.out, { recursive: true });
writeFileSync(join(flags.out, 'gpu-check.json'), JSON.stringify(report, null, 2));
log(`\n${report.failures.length ? `FAILED: ${report.failures.length} comparison(s) outside tolerance` : 'all comparisons within tolerance'}; report in ${join(flags.out, 'gpu-check.json')}`);
process.exit(report.failures.length ? 1 : 0);
