/**
 * Data-parallel training over MPI (README "Scaling out"), through the installed `mpirun` on loopback:
 * 3 ranks sharing a batch of 16 unevenly (6/5/5) reach the parameters of 1 rank × 16, a killed rank ends
 * the job naming it, checkpoints resume across rank counts, and a missing MPI library fails naming where
 * it looked. Skipped, saying so,
 * where no mpirun is installed (.ci/run installs Debian's openmpi-bin).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchedRank, pinGpuToRank } from '../dist/distributed/launcher.js';
import { withoutNproc } from '../dist/distributed/relaunch.js';
import { readCheckpoint } from '../dist/train/checkpoint.js';
import { resolveOptions } from '../dist/train/options.js';
import { InvalidArgumentError, UnsupportedError } from '../dist/errors.js';
import { CLI } from './helpers.js';

const probe = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
const openMpi = !probe.error && /Open MPI/.test(`${probe.stdout}${probe.stderr}`);
if (!openMpi) console.warn('test/distributed.test.ts: skipped: no Open MPI mpirun on PATH (apt-get install openmpi-bin)');

const MPIRUN = ['--oversubscribe', ...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : [])];
// A small toy run: MLPs 64 wide, batch 16, 3 iterations of 5 critic steps; one thread per rank. TOY_BATCH_NORM's
// generator has a BatchNorm after its first ReLU.
const toyRun = (config: string) => (out: string, iterations: number, ...more: string[]) => [
  'train', '--config', config, '--iterations', String(iterations), '--out', out, '--sample-every', '1000',
  '--checkpoint-every', '1', '--keep-checkpoints', '100', '--threads', '1', '--seed', '3', ...more,
];
const TOY = (out: string, iterations: number, ...more: string[]) => toyRun(toyConfig(false))(out, iterations, ...more);
const TOY_BATCH_NORM = (out: string, iterations: number, ...more: string[]) => toyRun(toyConfig(true))(out, iterations, ...more);

const configFiles = new Map<boolean, string>();
function toyConfig(generatorBatchNorm: boolean): string {
  const known = configFiles.get(generatorBatchNorm);
  if (known) return known;
  const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-config-'));
  const mlp = (inputs: number, outputs: number, batchNorm = false) => ({
    inputShape: [inputs],
    layers: [{ type: 'dense', units: 64 }, { type: 'relu' }, ...(batchNorm ? [{ type: 'batchNorm' }] : []), { type: 'dense', units: 64 }, { type: 'tanh' }, { type: 'dense', units: outputs }],
  });
  const file = join(dir, 'toy.json');
  const config = { dataset: 'toy-8gaussians', zDim: 2, generator: mlp(2, 2, generatorBatchNorm), critic: mlp(2, 1), batchSize: 16, lambda: 0.1, evalEvery: 0 };
  writeFileSync(file, JSON.stringify(config));
  configFiles.set(generatorBatchNorm, file);
  return file;
}

interface Ran {
  code: number | null;
  output: string;
  seconds: number;
}

/** Runs a command to its end (or its kill after `limitS`), with both streams collected. */
function run(command: string, args: string[], env: Record<string, string> = {}, limitS = 90, onOutput?: (all: string, pid: number) => void): Promise<Ran> {
  return new Promise((resolve) => {
    const started = Date.now();
    // Each mpirun gets a session directory of its own: two started at once race to create the shared default
    // (/tmp/ompi.<host>.<uid>), and one then fails with "File exists" (seen in a full run here).
    const session = command === 'mpirun' ? { OMPI_MCA_orte_tmpdir_base: mkdtempSync(join(tmpdir(), 'wgan-gp-ompi-')) } : {};
    const child = spawn(command, args, { env: { ...process.env, ...session, ...env } });
    let output = '';
    const add = (b: Buffer) => {
      output += b.toString();
      onOutput?.(output, child.pid!);
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const ranks = (n: number, args: string[], env?: Record<string, string>, limitS?: number, onOutput?: (all: string, pid: number) => void, launcher: string[] = []) =>
  run('mpirun', [...MPIRUN, ...launcher, '-np', String(n), process.execPath, CLI, ...args], env, limitS, onOutput);
const single = (args: string[]) => run(process.execPath, [CLI, ...args]);

const checkpointOf = (dir: string, iteration: number) => join(dir, 'checkpoints', `iter-${String(iteration).padStart(6, '0')}.safetensors`);

/** The largest |a - b| over every parameter tensor of two checkpoints (generator and critic). */
function maxParamDifference(a: string, b: string): number {
  const x = readCheckpoint(a).tensors;
  const y = readCheckpoint(b).tensors;
  let worst = 0;
  for (const name of Object.keys(x).filter((n) => n.startsWith('generator.') || n.startsWith('critic.'))) {
    const p = x[name].data;
    const q = y[name].data;
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
  }
  return worst;
}

// Why this tolerance: both runs draw the same samples, z and ε per global row and compute the same per-row
// terms; only the order of the batch sums differs (the ranks' means over 6, 5 and 5 rows, weighted 6/16,
// 5/16, 5/16 and summed, against one mean over 16 rows): a relative round-off of a few float32 ulps (6e-8)
// in each gradient and loss. Adam normalises the gradient, so each update differs by a few ulps of lr, and
// each parameter by a few ulps of its own value: measured 3e-8 after 3 iterations (15 critic steps). The
// bound, 1e-6, is 30 times that and far below what a wrong shard, noise row or weight makes (differences of
// order lr = 1e-4 per step: weighting the three ranks' means equally, 1/3 each, gives 3.2e-4). Where rounding flips the sign
// of a gradient that is nearly zero, Adam's first step (lr·sign(g)) could differ by 2·lr; the fixed seed
// makes the test deterministic, so it does not meet that case at random.
const TOLERANCE = 1e-6;

describe('the launch, without MPI', () => {
  it('tells the rank, world size and local rank from the variables of each launcher', () => {
    expect(launchedRank({})).toBeNull();
    expect(launchedRank({ OMPI_COMM_WORLD_RANK: '3', OMPI_COMM_WORLD_SIZE: '4', OMPI_COMM_WORLD_LOCAL_RANK: '1' })).toEqual({ rank: 3, size: 4, localRank: 1, launcher: 'Open MPI' });
    expect(launchedRank({ PMI_RANK: '1', PMI_SIZE: '2', MPI_LOCALRANKID: '1' })).toEqual({ rank: 1, size: 2, localRank: 1, launcher: 'MPICH' });
    expect(launchedRank({ PMIX_RANK: '0' })).toEqual({ rank: 0, size: 1, localRank: 0, launcher: 'PMIx' });
    expect(launchedRank({ SLURM_PROCID: '5', SLURM_NTASKS: '8', SLURM_LOCALID: '1' })).toEqual({ rank: 5, size: 8, localRank: 1, launcher: 'Slurm' });
    expect(launchedRank({ SLURM_PROCID: 'x' })).toBeNull();
  });

  it('gives each rank of several the GPU of its local rank, among those visible', () => {
    const env = (more: Record<string, string>) => ({ OMPI_COMM_WORLD_RANK: '5', OMPI_COMM_WORLD_SIZE: '8', OMPI_COMM_WORLD_LOCAL_RANK: '1', ...more });
    const a: NodeJS.ProcessEnv = env({});
    pinGpuToRank(a);
    expect(a.CUDA_VISIBLE_DEVICES).toBe('1');
    const b: NodeJS.ProcessEnv = env({ CUDA_VISIBLE_DEVICES: '4,5,6,7' });
    pinGpuToRank(b);
    expect(b.CUDA_VISIBLE_DEVICES).toBe('5');
    const c: NodeJS.ProcessEnv = env({ CUDA_VISIBLE_DEVICES: '3' }); // srun --gpus-per-task=1
    pinGpuToRank(c);
    expect(c.CUDA_VISIBLE_DEVICES).toBe('3');
    const alone: NodeJS.ProcessEnv = { OMPI_COMM_WORLD_RANK: '0', OMPI_COMM_WORLD_SIZE: '1' };
    pinGpuToRank(alone);
    expect(alone.CUDA_VISIBLE_DEVICES).toBeUndefined();
  });

  // A stand-in libnccl.so.2 built here (no NCCL on this machine): the loader finds it where cuDNN is looked
  // for and reads its version; NCCL itself runs only on a GPU machine.
  const compiler = spawnSync('g++', ['--version']).status === 0;
  const infoIn = (env: Record<string, string>) =>
    JSON.parse(execFileSync(process.execPath, [CLI, 'info', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8' })).distributed;
  it.runIf(compiler)('finds NCCL where the CUDA libraries are looked for, with its version, or says where it looked', () => {
    const info = infoIn({});
    if (!info.nccl.loaded) expect(info.nccl.error).toMatch(/libnccl\.so\.2 not found \(looked in |not looked for: /);
    if (/not looked for/.test(info.nccl.error ?? '')) return; // a build without the CUDA backend
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-nccl-'));
    writeFileSync(join(dir, 'fake.c'), 'int ncclGetVersion(int* v) { *v = 22105; return 0; }\n');
    execFileSync('g++', ['-x', 'c', '-shared', '-fPIC', '-o', join(dir, 'libnccl.so.2'), join(dir, 'fake.c')]);
    expect(infoIn({ WGAN_GP_CUDA_LIB_DIR: dir }).nccl).toMatchObject({ loaded: true, version: '2.21.5', path: join(dir, 'libnccl.so.2') });
  });

  it('resolves the engine: none alone, MPI on the CPU for auto; NCCL on the CPU is an error, a bad value too', () => {
    expect(resolveOptions({ preset: 'toy-8gaussians' })).toMatchObject({ distributed: null, faultTimeout: 45 });
    expect(resolveOptions({ preset: 'toy-8gaussians', distributed: 'auto', faultTimeout: 5 })).toMatchObject({ distributed: 'mpi', faultTimeout: 5 });
    expect(() => resolveOptions({ preset: 'toy-8gaussians', distributed: 'nccl' })).toThrow(UnsupportedError);
    expect(() => resolveOptions({ preset: 'toy-8gaussians', distributed: 'gloo' })).toThrow(InvalidArgumentError);
    expect(() => resolveOptions({ preset: 'toy-8gaussians', faultTimeout: 0 })).toThrow(/faultTimeout/);
    expect(resolveOptions({ preset: 'toy-8gaussians' }).syncBatchNorm).toBe(false);
    expect(() => resolveOptions({ preset: 'toy-8gaussians', syncBatchNorm: 'yes' })).toThrow(/syncBatchNorm/);
  });

  it('--nproc runs the same arguments without --nproc', () => {
    expect(withoutNproc(['train', '--nproc', '2', '--preset', 'mnist', '--nproc=3', '--out', 'x'])).toEqual(['train', '--preset', 'mnist', '--out', 'x']);
  });
});

describe.runIf(openMpi)('data-parallel training over MPI (mpirun, loopback)', () => {
  it('3 ranks sharing a batch of 16 (6/5/5) reach the parameters of 1 rank × 16 after 3 iterations, and config.json records the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-'));
    const [one, three] = await Promise.all([single(TOY(join(dir, 'one'), 3)), ranks(3, TOY(join(dir, 'three'), 3))]);
    expect(one.code, one.output).toBe(0);
    expect(three.code, three.output).toBe(0);
    const difference = maxParamDifference(checkpointOf(join(dir, 'one'), 3), checkpointOf(join(dir, 'three'), 3));
    console.log(`3 ranks (6/5/5 rows) vs 1 rank after 3 iterations: max |Δθ| = ${difference.toExponential(2)} (tolerance ${TOLERANCE})`);
    expect(difference).toBeLessThan(TOLERANCE);
    expect(difference).toBeGreaterThanOrEqual(0);
    // The losses rank 0 reports are the means over the global batch: the 1-rank run's, up to the same round-off
    // (the held-out critic loss of the last iteration too: every rank evaluates its shard of that batch).
    const lastLine = (run: string) => JSON.parse(readFileSync(join(dir, run, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    const [a, b] = [lastLine('one'), lastLine('three')];
    for (const key of ['criticLoss', 'wassersteinEstimate', 'penalty', 'gradNormMean', 'generatorLoss', 'heldOutCriticLoss'])
      expect(Math.abs(a[key] - b[key]), key).toBeLessThan(1e-5 * Math.max(1, Math.abs(a[key])));
    expect(b.allReduceMs).toBeGreaterThan(0);
    const config = JSON.parse(readFileSync(join(dir, 'three', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ worldSize: 3, rankBatchSize: 6, batchSize: 16, distributed: 'mpi' });
    expect(JSON.parse(readFileSync(join(dir, 'one', 'config.json'), 'utf8'))).toMatchObject({ worldSize: 1, rankBatchSize: 16, distributed: null });
    // Rank 0 alone reports.
    expect(three.output.match(/^done: /gm)).toHaveLength(1);
  });

  // SyncBatchNorm: the ranks' BatchNorm sums (Σx and the count, Σ(x−μ)², then the weighted Σa and Σa·n of the
  // backward pass) make every rank normalise with the global batch's statistics, so 3 uneven shards train as
  // 1 rank does; per-rank statistics (the default) train another model (measured 7e-2 apart). The bound is 10
  // times the one above: where a ReLU unit is on for the whole batch, the BatchNorm after it removes its
  // input's mean, so the first layer's bias of that unit has a gradient that is zero in exact arithmetic and a
  // float32 residue in each run, which Adam turns into steps up to lr·0.1 (measured 1.3e-6 after 3 iterations).
  it('a generator with BatchNorm and --sync-batch-norm: 3 ranks (6/5/5) reach 1 rank; per-rank statistics do not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-sync-'));
    const [one, synced, own] = await Promise.all([
      single(TOY_BATCH_NORM(join(dir, 'one'), 3)),
      ranks(3, TOY_BATCH_NORM(join(dir, 'synced'), 3, '--sync-batch-norm')),
      ranks(3, TOY_BATCH_NORM(join(dir, 'own'), 3)),
    ]);
    for (const ran of [one, synced, own]) expect(ran.code, ran.output).toBe(0);
    const sync = maxParamDifference(checkpointOf(join(dir, 'one'), 3), checkpointOf(join(dir, 'synced'), 3));
    const perRank = maxParamDifference(checkpointOf(join(dir, 'one'), 3), checkpointOf(join(dir, 'own'), 3));
    console.log(`BatchNorm generator, 3 ranks vs 1 after 3 iterations: synchronised max |Δθ| = ${sync.toExponential(2)}, per-rank ${perRank.toExponential(2)}`);
    expect(sync).toBeLessThan(10 * TOLERANCE);
    expect(perRank).toBeGreaterThan(1000 * TOLERANCE);
    expect(JSON.parse(readFileSync(join(dir, 'synced', 'config.json'), 'utf8'))).toMatchObject({ syncBatchNorm: true, worldSize: 3 });
  });

  // Batch 8 and generator batch 6 on 3 ranks: shards of 3/3/2 and 2/2/2 rows, so the classified-right counts
  // are summed over uneven shards.
  it('a conditional pair (labels in, a classifier head) trains the same on 3 ranks, its classifier statistics combined too', async () => {
    const script = join(import.meta.dirname, 'distributed-rank.mjs');
    const [one, three] = await Promise.all([run(process.execPath, [script]), run('mpirun', [...MPIRUN, '-np', '3', process.execPath, script, 'distributed'])]);
    expect(one.code, one.output).toBe(0);
    expect(three.code, three.output).toBe(0);
    const [a, b] = [JSON.parse(one.output), JSON.parse(three.output)];
    const worst = (x: number[], y: number[]) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
    expect(worst(a.G, b.G)).toBeLessThan(TOLERANCE);
    expect(worst(a.D, b.D)).toBeLessThan(TOLERANCE);
    const close = (x: Record<string, number>, y: Record<string, number>, keys: string[]) => {
      for (const key of keys) expect(Math.abs(x[key] - y[key]), key).toBeLessThan(1e-6 * Math.max(1, Math.abs(x[key])));
    };
    for (let i = 0; i < a.stats.length; i++)
      close(a.stats[i], b.stats[i], ['criticLoss', 'penalty', 'generatorLoss', 'classifierLoss', 'classifierAccuracy', 'generatorClassifierLoss']);
    close(a.evaluation, b.evaluation, ['criticLoss', 'wasserstein', 'penalty', 'classifierLoss', 'classifierAccuracy']);
  });

  it('train() of a conditional preset on 2 ranks (each its shard of the drawn labels) reaches the 1-rank parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-cond-'));
    const args = (out: string) => [
      'train', '--preset', 'mnist-conditional', '--iterations', '2', '--batch-size', '10', '--generator-batch-size', '10',
      '--critic-iters', '2', '--out', out, '--sample-every', '1000', '--eval-every', '0', '--checkpoint-every', '1',
      '--threads', '1', '--seed', '4',
    ];
    const [one, two] = await Promise.all([single(args(join(dir, 'one'))), ranks(2, args(join(dir, 'two')))]);
    expect(one.code, one.output).toBe(0);
    expect(two.code, two.output).toBe(0);
    // Measured 1.4e-6: this preset's lr (5e-4) is 5 times the toy run's and its convolutions sum more terms per
    // gradient; every rank taking rank 0's labels instead of its own gives 3.1e-3 (checked).
    expect(maxParamDifference(checkpointOf(join(dir, 'one'), 2), checkpointOf(join(dir, 'two'), 2))).toBeLessThan(2e-5);
    const lastLine = (run: string) => JSON.parse(readFileSync(join(dir, run, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    const [a, b] = [lastLine('one'), lastLine('two')];
    for (const key of ['criticLoss', 'classifierLoss', 'generatorClassifierLoss', 'heldOutCriticLoss'])
      expect(Math.abs(a[key] - b[key]), key).toBeLessThan(1e-5 * Math.max(1, Math.abs(a[key])));
  });

  it('a checkpoint of a 2-rank run resumes bit-exactly with 2 ranks and within round-off with 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-resume-'));
    const straight = await ranks(2, TOY(join(dir, 'straight'), 4));
    expect(straight.code, straight.output).toBe(0);
    const resume = ['--resume', checkpointOf(join(dir, 'straight'), 2), '--iterations', '4'];
    const [two, one] = await Promise.all([
      ranks(2, [...TOY(join(dir, 'two'), 4), ...resume]),
      single([...TOY(join(dir, 'one'), 4), ...resume]),
    ]);
    expect(two.code, two.output).toBe(0);
    expect(one.code, one.output).toBe(0);
    expect(maxParamDifference(checkpointOf(join(dir, 'straight'), 4), checkpointOf(join(dir, 'two'), 4))).toBe(0);
    expect(maxParamDifference(checkpointOf(join(dir, 'straight'), 4), checkpointOf(join(dir, 'one'), 4))).toBeLessThan(TOLERANCE);
  });

  it('a checkpoint of a 1-rank run resumes on 3 ranks within round-off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-resume3-'));
    const straight = await single(TOY(join(dir, 'straight'), 4));
    expect(straight.code, straight.output).toBe(0);
    const three = await ranks(3, [...TOY(join(dir, 'three'), 4), '--resume', checkpointOf(join(dir, 'straight'), 2)]);
    expect(three.code, three.output).toBe(0);
    expect(maxParamDifference(checkpointOf(join(dir, 'straight'), 4), checkpointOf(join(dir, 'three'), 4))).toBeLessThan(TOLERANCE);
  });

  it('a batch smaller than the rank count is an error naming the option and both numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-batch-'));
    const [batch, generatorBatch] = await Promise.all([
      ranks(3, [...TOY(join(dir, 'a'), 1), '--batch-size', '2']),
      ranks(3, [...TOY(join(dir, 'b'), 1), '--generator-batch-size', '2']),
    ]);
    expect(batch.code).not.toBe(0);
    expect(batch.output).toMatch(/ERR_INVALID_ARGUMENT: .*batchSize: the batch of 2 is smaller than the 3 ranks/);
    expect(generatorBatch.code).not.toBe(0);
    expect(generatorBatch.output).toMatch(/ERR_INVALID_ARGUMENT: .*generatorBatchSize: the batch of 2 is smaller than the 3 ranks/);
  });

  it('a rank that cannot load the MPI library fails the job at start with ERR_DISTRIBUTED, its rank and where it looked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-lib-'));
    const args = TOY(join(dir, 'r'), 1);
    // Rank 1 alone is pointed at a library that does not exist (mpirun's per-rank environment, -x).
    const r = await run('mpirun', [...MPIRUN, '-np', '1', process.execPath, CLI, ...args, ':', '-np', '1', '-x', 'WGAN_GP_MPI_LIB=/nonexistent/libmpi.so.40', process.execPath, CLI, ...args]);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/ERR_DISTRIBUTED: rank 1: MPI: libmpi\.so\.40 not found \(looked in \/nonexistent/);
    expect(existsSync(join(dir, 'r', 'metrics.jsonl'))).toBe(false);
  });

  it('a rank that cannot load its data fails the job before any training, naming its rank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-data-'));
    // Rank 1 alone looks for its IDX files in a folder that does not exist (mpirun's per-rank environment).
    const r = await run('mpirun', [
      ...MPIRUN, '-np', '1', process.execPath, CLI, ...TOY(join(dir, 'r'), 1), '--dataset', 'mnist', '--data-dir', join(dir, 'mnist'), ':',
      '-np', '1', process.execPath, CLI, ...TOY(join(dir, 'r'), 1), '--dataset', 'mnist', '--data-dir', join(dir, 'missing'),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/rank 1: /);
    expect(existsSync(join(dir, 'r', 'metrics.jsonl'))).toBe(false);
  });

  it('wgan-gp info reports the MPI library it found, with its ABI family', async () => {
    const r = await single(['info', '--json']);
    expect(r.code, r.output).toBe(0);
    const info = JSON.parse(r.output);
    expect(info.distributed.mpi).toMatchObject({ loaded: true, abi: 'Open MPI' });
    expect(info.distributed.mpi.version).toMatch(/Open MPI v\d/);
    expect(info.distributed.nccl.loaded === true || typeof info.distributed.nccl.error === 'string').toBe(true);
  });

  it('train --nproc 2 runs 2 ranks through mpirun; Ctrl-C stops both after one iteration with a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-nproc-'));
    const out = join(dir, 'r');
    let interrupted = false;
    const r = await run(process.execPath, [CLI, ...TOY(out, 100000), '--checkpoint-every', '100000', '--nproc', '2'], {}, 90, (_, pid) => {
      const metrics = join(out, 'metrics.jsonl');
      if (interrupted || !existsSync(metrics) || readFileSync(metrics, 'utf8').split('\n').length < 4) return;
      interrupted = true;
      process.kill(pid, 'SIGINT');
    });
    expect(interrupted).toBe(true);
    expect(r.code, r.output).toBe(138); // the ranks' exit code for SIGUSR1, which mpirun forwards
    expect(r.output).toMatch(/interrupted: training was aborted after iteration (\d+); checkpoint: /);
    const iteration = Number(/aborted after iteration (\d+)/.exec(r.output)![1]);
    expect(readCheckpoint(checkpointOf(out, iteration)).iteration).toBe(iteration);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).worldSize).toBe(2);
  });

  // Three ways a lost rank ends the job: mpirun's own (it kills the job when a rank dies and names it); the
  // survivors' fault timeout where the launcher keeps going (--enable-recovery); and a rank that hangs
  // (SIGSTOP), which no launcher notices: the survivors name it.
  for (const mode of ['killed', 'killed, launcher recovering', 'hung'] as const) {
    it(`a rank ${mode === 'hung' ? 'stopped with SIGSTOP' : 'killed with SIGKILL'} ends the job within 60 s, naming it (${mode}); the last checkpoint stays loadable`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-dist-fault-'));
      let lostAt = 0;
      let victim = 0;
      const r = await ranks(
        2,
        [...TOY(join(dir, 'r'), 100000), '--fault-timeout', '5', '--keep-checkpoints', '3'],
        {},
        120,
        (_, pid) => {
          const metrics = join(dir, 'r', 'metrics.jsonl');
          if (lostAt || !existsSync(metrics) || readFileSync(metrics, 'utf8').split('\n').length < 4) return;
          victim = rankPid(pid, 1) ?? 0;
          if (!victim) return;
          lostAt = Date.now();
          process.kill(victim, mode === 'hung' ? 'SIGSTOP' : 'SIGKILL');
        },
        mode === 'killed, launcher recovering' ? ['--enable-recovery'] : [],
      );
      try {
        process.kill(victim, 'SIGKILL'); // a stopped rank the job left behind
      } catch {
        /* gone with the job */
      }
      expect(lostAt).toBeGreaterThan(0);
      // (mpirun --enable-recovery exits with 0 whatever its ranks return; the survivors' message tells.)
      if (mode !== 'killed, launcher recovering') expect(r.code).not.toBe(0);
      expect((Date.now() - lostAt) / 1000).toBeLessThan(60);
      expect(r.output).toMatch(mode === 'killed' ? /process rank 1 .*exited on signal 9/ : /ERR_DISTRIBUTED: .*rank 0 of 2: .*lost rank 1 \(killed, hung or disconnected\)/);
      const newest = readdirSync(join(dir, 'r', 'checkpoints')).filter((f) => f.endsWith('.safetensors')).sort().at(-1)!;
      expect(readCheckpoint(join(dir, 'r', 'checkpoints', newest)).iteration).toBeGreaterThan(0);
    });
  }
});

/** The pid of a rank among the descendants of mpirun (read from OMPI_COMM_WORLD_RANK in its environment). */
function rankPid(root: number, rank: number): number | null {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (env.includes(`OMPI_COMM_WORLD_RANK=${rank}`)) return pid;
    } catch {
      /* gone */
    }
    queue.push(...children(pid));
  }
  return null;
}
