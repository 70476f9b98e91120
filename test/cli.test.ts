/** The `wgan-gp` command in the forms users and outside checks call it, as a child process. */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../lib/index.js';
import { cli, CLI } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-cli-'));

/** Parses a .npy header: shape and dtype. */
function npyHeader(bytes: Buffer) {
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const length = bytes.readUInt16LE(8);
  expect((10 + length) % 64).toBe(0);
  const header = bytes.subarray(10, 10 + length).toString('latin1');
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { header, shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + length)) };
}

describe('wgan-gp CLI', () => {
  const out = tmp();
  const checkpoint = join(out, 'checkpoints', 'iter-000060.safetensors');

  it('train --preset toy-8gaussians --iterations 60 --out DIR --sample-every 30 --checkpoint-every 30', async () => {
    const r = await cli('train', '--preset', 'toy-8gaussians', '--iterations', '60', '--out', out, '--sample-every', '30', '--checkpoint-every', '30', '--eval-every', '30', '--threads', '2', '--seed', '4', '--batch-size', '128');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/done: 60 iterations/);
    expect(r.stderr).toMatch(/iteration 60\/60 .* it\/s .*ETA/);
    expect(r.stderr).toMatch(/iteration 60: modes covered \d, high quality \d+\.\d%/);
    expect(readdirSync(join(out, 'samples'))).toEqual(['iter-000030.png', 'iter-000060.png']);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['iter-000030.safetensors', 'iter-000060.safetensors']);
    expect(existsSync(join(out, 'plots', 'losses.png'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ batchSize: 128, threads: 2, seed: 4 });
  });

  it('sample --format json | png | npy', async () => {
    const json = join(out, 's.json'), image = join(out, 's.png'), npy = join(out, 's.npy');
    expect((await cli('sample', '--checkpoint', checkpoint, '--n', '500', '--format', 'json', '--out', json)).code).toBe(0);
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed.shape).toEqual([500, 2]);
    expect(parsed.data).toHaveLength(1000);
    expect(parsed.data.every(Number.isFinite)).toBe(true);
    expect((await cli('sample', '--checkpoint', checkpoint, '--n', '200', '--format', 'png', '--out', image)).code).toBe(0);
    expect(PNG.sync.read(readFileSync(image)).width).toBe(600);
    expect((await cli('sample', '--checkpoint', checkpoint, '--n', '500', '--format', 'npy', '--out', npy)).code).toBe(0);
    const { shape, data, header } = npyHeader(readFileSync(npy));
    expect(shape).toEqual([500, 2]);
    expect(header).toMatch(/'descr': '<f4'/);
    expect(Array.from(data)).toEqual(parsed.data.map(Math.fround)); // same seed, same samples
  });

  it('train --resume continues the run to the new iteration count', async () => {
    const r = await cli('train', '--resume', checkpoint, '--iterations', '70');
    expect(r.code, r.stderr).toBe(0);
    expect(readCheckpoint(join(out, 'checkpoints', 'iter-000070.safetensors')).iteration).toBe(70);
  });

  it('train --config FILE with flags overriding it', async () => {
    const dir = tmp();
    const config = join(dir, 'run.json');
    writeFileSync(config, JSON.stringify({ preset: 'toy-swissroll', iterations: 100, batchSize: 16, lambda: 0.5 }));
    const r = await cli('train', '--config', config, '--iterations', '3', '--out', join(dir, 'run'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8'))).toMatchObject({ dataset: 'toy-swissroll', iterations: 3, lambda: 0.5 });
  });

  it('train takes every hyper-parameter as a flag: --critic-iters, --lambda, --beta1/2, --z-dim, --dataset, model spec files, ...', async () => {
    const dir = tmp();
    const spec = (out: number) => ({ inputShape: out === 2 ? [3] : [2], layers: [{ type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: out }] });
    writeFileSync(join(dir, 'g.json'), JSON.stringify(spec(2)));
    writeFileSync(join(dir, 'd.json'), JSON.stringify(spec(1)));
    const r = await cli('train', '--dataset', 'toy-swissroll', '--generator', join(dir, 'g.json'), '--critic', join(dir, 'd.json'), '--iterations', '2', '--batch-size', '8',
      '--critic-iters', '2', '--lambda', '0.5', '--beta1', '0.25', '--beta2', '0.75', '--z-dim', '3', '--on-non-finite', 'skip', '--out', join(dir, 'run'));
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ preset: null, dataset: 'toy-swissroll', criticIters: 2, lambda: 0.5, beta1: 0.25, beta2: 0.75, zDim: 3, onNonFinite: 'skip' });
    expect(config.generator).toEqual(spec(2));
  });

  it('train has a flag for every train() option (signal aside: Ctrl-C aborts)', async () => {
    const { trainOptionsSchema } = await import('../lib/train/options.js');
    const help = (await cli('train', '--help')).stdout;
    const flagOf: Record<string, string> = { outDir: '--out', resumeFrom: '--resume', cudaGraph: '--no-cuda-graph', memoryBudgetMB: '--memory-budget' };
    const kebab = (key: string) => '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    const missing = Object.keys(trainOptionsSchema.shape).filter((key) => key !== 'signal' && !help.includes(`${flagOf[key] ?? kebab(key)} `));
    expect(missing).toEqual([]);
  });

  it('info --json', async () => {
    const r = await cli('info', '--json');
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ version: expect.any(String), backend: 'cpu', threads: expect.any(Number), blas: expect.any(String) });
    // the AVX-512 kernel runs wherever the CPU has AVX-512F (so on such a machine the layer tests exercise it)
    const avx512 = process.platform === 'linux' && process.arch === 'x64' && /\bavx512f\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
    expect(info.avx512Gemm).toBe(avx512);
    expect(info.cuda).toMatchObject({ compiled: expect.any(Boolean), available: false, reason: expect.any(String) });
    if (info.cuda.compiled) {
      expect(info.cuda.convolutions).toMatch(/^(cuDNN \d|im2col \+ cuBLAS GEMM \()/);
      const text = await promisify(execFile)(process.execPath, [CLI, 'info'], { env: { ...process.env, WGAN_GP_CONV: 'gemm' } });
      expect(text.stdout).toContain('convolutions: im2col + GEMM (WGAN_GP_CONV=gemm)');
    }
  });

  it('bench --config toy --json --peers none', async () => {
    const r = await cli('bench', '--config', 'toy', '--json', '--peers', 'none', '--iterations', '2', '--warmup', '1');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.config).toBe('toy');
    expect(report.gflopPerIteration).toBeCloseTo(13.46, 2);
    // the limit the FLOP rate is held to, measured in the same run: a plausible figure for any CPU of this decade
    expect(report.gemmLimitGflops).toBeGreaterThan(1);
    expect(report.gemmLimitGflops).toBeLessThan(1e5);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.results[0]).toMatchObject({ name: 'wgan-gp', msPerIter: { n: 2 }, msPerCriticStep: expect.any(Number), msPerGenStep: expect.any(Number), peakRssMB: expect.any(Number) });
  });

  it('bench --peers pytorch-cuda runs PyTorch on the GPU, or gives its row the reason it cannot', async () => {
    const r = await cli('bench', '--config', 'toy', '--json', '--peers', 'pytorch-cuda', '--iterations', '1', '--warmup', '1');
    expect(r.code, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout).results.find((x: { name: string }) => x.name === 'pytorch-cuda');
    if (row.error) expect(row.error).toMatch(/no python with torch|cannot use CUDA here/);
    else expect(row.msPerIter.n).toBe(1);
  });

  it('--help on each command', async () => {
    for (const command of ['train', 'sample', 'info', 'bench']) {
      const r = await cli(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: wgan-gp ${command}`));
    }
  });

  it('rejects bad arguments with a message naming them and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--preset', 'toy-8gaussians', '--iterations', 'ten'], /--iterations.*positive integer/],
      [['train', '--preset', 'nope'], /preset/],
      [['train', '--config', '/nonexistent.json'], /--config \/nonexistent\.json/],
      [['sample', '--checkpoint', '/nonexistent.safetensors', '--format', 'json'], /nonexistent\.safetensors/],
      [['sample', '--checkpoint', checkpoint, '--format', 'gif'], /--format/],
      [['bench', '--peers', 'keras'], /keras/],
      [['train', '--preset', 'toy-8gaussians', '--lr', '-1'], /--lr.*positive number/],
      [['train', '--preset', 'toy-8gaussians', '--lr-decay', 'cosine'], /lrDecay/],
      [['train', '--preset', 'toy-8gaussians', '--critic-iters', '0'], /--critic-iters.*positive integer/],
      [['train', '--preset', 'toy-8gaussians', '--lambda', 'ten'], /--lambda.*expected a number/],
      [['train', '--preset', 'toy-8gaussians', '--lambda', '-1'], /lambda: .*>=0/],
      [['train', '--preset', 'toy-8gaussians', '--beta1', '1'], /beta1: .*<1/],
      [['train', '--preset', 'toy-8gaussians', '--beta2', '-0.5'], /beta2: .*>=0/],
      [['train', '--preset', 'toy-8gaussians', '--z-dim', '2.5'], /--z-dim.*positive integer/],
      [['train', '--preset', 'toy-8gaussians', '--on-non-finite', 'ignore'], /--on-non-finite.*stop, skip|--on-non-finite.*choices/],
      [['train', '--preset', 'toy-8gaussians', '--dataset', 'cifar10'], /--dataset/],
      [['train', '--preset', 'toy-8gaussians', '--generator', '/nonexistent.json'], /--generator \/nonexistent\.json/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, pattern] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(pattern);
      expect(r.stderr).not.toMatch(/^\s+at /m); // no stack traces
    }
  });

  it('Ctrl-C (SIGINT) writes a checkpoint and exits with code 130', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, [CLI, 'train', '--preset', 'toy-8gaussians', '--iterations', '100000', '--batch-size', '16', '--out', dir]);
    let stderr = '', interrupted = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/^training /m.test(stderr) && !interrupted) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: .*checkpoint: .*iter-\d{6}\.safetensors/);
    const [file] = readdirSync(join(dir, 'checkpoints'));
    expect(readCheckpoint(join(dir, 'checkpoints', file)).iteration).toBeGreaterThan(0);
  });
});
