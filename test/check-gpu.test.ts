/**
 * scripts/check-gpu.mjs, the GPU verification, cannot compare CUDA with the CPU here (no GPU): with
 * --device cpu it compares the CPU with itself through the same code, so CI keeps the script working.
 * Its comparisons must then be exact (the CPU backend is deterministic; the convolutions' second path there,
 * GEMM over explicitly padded copies, builds the very same GEMM operands), and a bad option must fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeInfo } from '../lib/index.js';

const root = join(import.meta.dirname, '..');
const script = join(root, 'scripts', 'check-gpu.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 300_000 });

describe('check:gpu', () => {
  it('runs every comparison through the same code on the CPU, exactly, and writes its report', { timeout: 300_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'wgan-gp-check-'));
    const r = run(['--device', 'cpu', '--configs', 'toy', '--conditional', 'mnist-conditional', '--skip-train', '--skip-bench', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'gpu-check.json'), 'utf8'));
    const convolutionCases = 5;
    expect(report.layers.length).toBe((22 + convolutionCases) * 3); // 22 cases without a convolution of their own, each at three batch sizes
    expect(report.layers.filter((l: { name: string }) => l.name.endsWith(', padded copies'))).toHaveLength(convolutionCases * 3);
    expect(report.critics.map((c: { name: string }) => c.name)).toEqual([
      'toy-8gaussians critic, batch 256, im2col + GEMM',
      'toy-8gaussians critic, batch 256, padded copies',
    ]);
    // CPU vs CPU and graph vs none, for toy and for the conditional preset (its ACGAN terms compared too), and one
    // MPI rank vs alone, with cifar's BatchNorm generator synchronised too (where Open MPI or MPICH is installed:
    // .ci/run installs it)
    const names = report.iterations.map((i: { name: string }) => i.name);
    expect(names.slice(0, 4)).toEqual([
      'toy-8gaussians: CUDA (graph) vs CPU',
      'toy-8gaussians: CUDA graph vs no graph',
      'mnist-conditional: CUDA (graph) vs CPU',
      'mnist-conditional: CUDA graph vs no graph',
    ]);
    expect(Object.keys(report.iterations[2].errors)).toContain('generatorClassifierLoss');
    expect(names.slice(4)).toEqual(report.distributed?.skipped ? [] : ['toy-8gaussians: one mpi rank vs alone', 'cifar: one mpi rank with syncBatchNorm vs alone']);
    for (const item of [...report.layers, ...report.critics, ...report.iterations]) expect(item.worst).toBe(0);
    expect(report.failures).toEqual([]);
  });

  it('rejects a --conditional preset that is not conditional', () => {
    const r = run(['--device', 'cpu', '--conditional', 'mnist', '--skip-train', '--skip-bench']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--conditional: 'mnist' is not a conditional preset");
  });

  it.skipIf(runtimeInfo().cuda.available)('on CUDA where it cannot run, exits 2 with the reason', () => {
    const r = run(['--skip-train', '--skip-bench']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(runtimeInfo().cuda.reason);
  });
});
