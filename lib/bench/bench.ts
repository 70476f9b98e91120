/**
 * The benchmark of BENCHMARKS.md: one iteration = criticIters critic steps with the gradient
 * penalty + one generator step, Adam on both, for the toy, mnist, cifar and cifar-resnet configs. Real batches are
 * random data of the right shape (speed does not depend on the values). Warm-up iterations are not timed.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import { PRESETS } from '../presets/index.js';
import { DataRandom } from '../random.js';
import { runtimeInfo } from '../runtime.js';
import { Sequential } from '../sequential.js';
import { cpus } from 'node:os';
import type { CorrectnessCheck } from './check.js';
import { timeIterations, type IterationLine, type TimingPlan } from './timing.js';

export const BENCH_CONFIGS = { toy: 'toy-8gaussians', mnist: 'mnist', cifar: 'cifar', 'cifar-resnet': 'cifar-resnet' } as const;
export type BenchConfig = keyof typeof BENCH_CONFIGS;

export interface Timing {
  median: number;
  min: number;
  max: number;
  n: number;
}


export interface BenchResult {
  name: string;
  msPerIter?: Timing;
  msPerCriticStep?: number;
  msPerGenStep?: number;
  peakRssMB?: number;
  /** wgan-gp on the CPU: mean ms per timed iteration in each primitive family of the native timers, and the rest */
  breakdownMs?: Record<string, number>;
  note?: string;
  error?: string;
  check?: CorrectnessCheck;
}

export function summarize(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], n: s.length };
}

export function machineInfo() {
  const info = runtimeInfo();
  return { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, threads: info.threads, blas: info.blas, node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** The result row of one implementation from its iteration lines. */
export function resultFromLines(name: string, lines: IterationLine[], plan: TimingPlan, extra: Partial<BenchResult> = {}): BenchResult {
  const timed = lines.filter((l) => l.phase === 'timed');
  // A failed correctness check or a crash makes the timings worthless: a fast wrong answer is not a result.
  if (!timed.length || extra.error) return { ...extra, name, error: extra.error ?? 'no timed iteration finished' };
  const notes = [extra.note, timed.length < plan.iterations ? `timed on ${timed.length} iterations (time budget ${plan.budgetMs / 1000} s)` : undefined];
  return {
    name,
    msPerIter: summarize(timed.map((l) => l.ms)),
    msPerCriticStep: summarize(timed.map((l) => l.criticMs)).median,
    msPerGenStep: summarize(timed.map((l) => l.genMs)).median,
    peakRssMB: Math.max(...lines.map((l) => l.rssMB)),
    note: notes.filter(Boolean).join('; ') || undefined,
    check: extra.check,
  };
}

/** Where wgan-gp runs: the CPU, or the GPU with or without CUDA graph replay. */
export type BenchDevice = 'cpu' | 'cuda' | 'cuda-nograph';

/** wgan-gp on one config, in this process: one native call per iteration, as train() makes it. */
export async function benchWganGp(config: BenchConfig, plan: TimingPlan, device: BenchDevice = 'cpu'): Promise<BenchResult> {
  const preset = PRESETS[BENCH_CONFIGS[config]];
  const G = new Sequential(preset.generator, { seed: 1 });
  const D = new Sequential(preset.critic, { seed: 2 });
  const adam = { lr: preset.lr, beta1: preset.beta1, beta2: preset.beta2 };
  const trainer = callNative(() => new (native().NativeTrainer)(G.native, D.native, { batch: preset.batchSize, generatorBatch: preset.generatorBatchSize, criticIters: preset.criticIters, lambda: preset.lambda, seed: 1, adamG: adam, adamD: adam, device: device === 'cpu' ? 'cpu' : 'cuda', cudaGraph: device === 'cuda' }));
  const rng = DataRandom.seeded(3);
  const real = Float32Array.from({ length: preset.criticIters * preset.batchSize * D.inputSize }, () => rng.uniform());
  const lines: IterationLine[] = [];
  const spent: Record<string, number>[] = []; // per timed iteration: ms in each primitive family
  let last: Record<string, number> = {};
  try {
    await timeIterations(
      async () => {
        const before = native().primitiveTimes();
        const [s] = await trainer.run(real, 1);
        const after = native().primitiveTimes();
        last = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
        return { criticMs: s.criticStepMs, genMs: s.generatorStepMs };
      },
      plan,
      (l) => {
        lines.push(l);
        if (l.phase === 'timed') spent.push({ ...last, rest: l.ms - Object.values(last).reduce((a, b) => a + b, 0) });
      },
    );
  } finally {
    G.dispose();
    D.dispose();
  }
  const result = resultFromLines(device === 'cpu' ? 'wgan-gp' : `wgan-gp ${device}`, lines, plan);
  if (device === 'cpu' && spent.length && !result.error) result.breakdownMs = meanOf(spent);
  return result;
}

function meanOf(rows: Record<string, number>[]): Record<string, number> {
  return Object.fromEntries(Object.keys(rows[0]).map((k) => [k, rows.reduce((a, r) => a + r[k], 0) / rows.length]));
}

/** "gemm 812.0 ms (70%), im2col …": where an iteration's time goes, from the native timers. */
export function formatBreakdown(r: BenchResult): string | undefined {
  if (!r.breakdownMs) return undefined;
  const total = Object.values(r.breakdownMs).reduce((a, b) => a + b, 0);
  const parts = Object.entries(r.breakdownMs)
    .filter(([, ms]) => ms > 0)
    .map(([k, ms]) => `${k} ${formatMs(ms)} ms (${((100 * ms) / total).toFixed(0)}%)`);
  return `${r.name} time per iteration by primitive: ${parts.join(', ')}`;
}

/** GPU rows (wgan-gp cuda, pytorch-cuda, …) are compared with wgan-gp on the GPU, the others with wgan-gp on the CPU. */
const onGpu = (name: string) => name.includes('cuda');
const formatMs = (ms: number | undefined) => (ms === undefined ? '-' : ms.toFixed(ms < 10 ? 3 : 1));

export function formatTable(config: string, results: BenchResult[]): string {
  const median = (name: string) => results.find((r) => r.name === name)?.msPerIter?.median;
  const rows = [['peer', 'ms/iter (median)', 'min', 'max', 'n', 'ms/critic step', 'ms/gen step', 'peak RSS MB', 'wgan-gp speed-up']];
  for (const r of results) {
    if (r.error || !r.msPerIter) {
      rows.push([r.name, `error: ${r.error ?? 'no result'}`, '', '', '', '', '', '', '']);
      continue;
    }
    const t = r.msPerIter;
    const ours = median(onGpu(r.name) ? 'wgan-gp cuda' : 'wgan-gp') ?? results[0]?.msPerIter?.median; // else: against the first row
    rows.push([
      r.name,
      formatMs(t.median),
      formatMs(t.min),
      formatMs(t.max),
      String(t.n),
      formatMs(r.msPerCriticStep),
      formatMs(r.msPerGenStep),
      r.peakRssMB?.toFixed(0) ?? '-',
      ours ? `${(t.median / ours).toFixed(2)}x` : '-',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c])).join('  ');
  return [`config: ${config}`, line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
