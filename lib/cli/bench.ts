/** `wgan-gp bench`: the benchmark iteration of BENCHMARKS.md on wgan-gp and its peers, as a table or JSON. */
import { Option, type Command } from 'commander';
import { BENCH_CONFIGS, benchWganGp, formatBreakdown, formatTable, machineInfo, type BenchConfig, type BenchResult } from '../bench/bench.js';
import { benchPackedData, DATA_BENCH_CONFIG, DATA_BENCH_IMAGES } from '../bench/data-bench.js';
import { iterationFlops } from '../bench/flops.js';
import { GEMM_LIMIT_SIZE, measureGemmLimit } from '../bench/gemm-limit.js';
import { CHECK_TOLERANCE } from '../bench/check.js';
import { defaultPeers, PEER_NAMES, runPeer, type PeerName } from '../bench/peers.js';
import { InvalidArgumentError, UnsupportedError } from '../errors.js';
import { PRESETS } from '../presets/index.js';
import { runtimeInfo, setThreads } from '../runtime.js';
import { positiveInt } from './parse.js';

interface BenchFlags {
  config: BenchConfig | typeof DATA_BENCH_CONFIG;
  images: number;
  peers?: string;
  json?: boolean;
  iterations: number;
  warmup: number;
  budget: number;
  threads?: number;
  cuda?: boolean;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('time the WGAN-GP iteration (5 critic steps with penalty + 1 generator step) on wgan-gp and its peers')
    .addOption(new Option('--config <config>', 'the benchmark config (BENCHMARKS.md defines them)').choices([...Object.keys(BENCH_CONFIGS), DATA_BENCH_CONFIG]).default('toy'))
    .option('--images <n>', `${DATA_BENCH_CONFIG}: images in the synthetic packed file`, positiveInt, DATA_BENCH_IMAGES)
    .option('--peers <list>', `comma-separated peers (${PEER_NAMES.join(', ')}) or 'none'; default: all installed`)
    .option('--iterations <n>', 'timed iterations per implementation (fewer when the time budget runs out)', positiveInt, 20)
    .option('--warmup <n>', 'untimed warm-up iterations', positiveInt, 3)
    .option('--budget <seconds>', 'time budget per implementation, warm-up included', positiveInt, 120)
    .option('--threads <n>', 'threads for wgan-gp and the peers (default: all cores)', positiveInt)
    .option('--cuda', 'also time wgan-gp on the GPU, with and without CUDA graph replay (where the CUDA backend can run), and PyTorch on the GPU')
    .option('--json', 'print one JSON object instead of the table')
    .action(runBench);
}

function parsePeers(list: string | undefined, gpu: boolean): PeerName[] {
  if (list === undefined) return defaultPeers(gpu);
  if (list === 'none') return [];
  const peers = list.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of peers)
    if (!(PEER_NAMES as readonly string[]).includes(p)) throw new InvalidArgumentError(`--peers: unknown peer '${p}'; expected 'none' or some of ${PEER_NAMES.join(', ')}`);
  return peers as PeerName[];
}

async function runBench(flags: BenchFlags): Promise<void> {
  const peers = parsePeers(flags.peers, flags.cuda === true);
  if (flags.threads) setThreads(flags.threads);
  const machine = machineInfo();
  const plan = { warmup: flags.warmup, iterations: flags.iterations, budgetMs: flags.budget * 1000 };
  const log = (m: string) => flags.json || console.error(m);
  log(`wgan-gp bench --config ${flags.config}: ${flags.iterations} timed iterations after ${flags.warmup} warm-up, budget ${flags.budget} s each`);
  const results: BenchResult[] = [];
  if (flags.config === DATA_BENCH_CONFIG) {
    // the same iteration from memory and from a streamed packed file: reading must not show
    results.push(...(await benchPackedData({ ...plan, threads: machine.threads }, flags.images, log)));
    return report(flags, machine, results);
  }
  log('  wgan-gp ...');
  results.push(await benchWganGp(flags.config, plan));
  if (flags.cuda) {
    const cuda = runtimeInfo().cuda;
    if (!cuda.available) throw new UnsupportedError(`--cuda: the CUDA backend cannot run here: ${cuda.reason}`);
    for (const device of ['cuda', 'cuda-nograph'] as const) {
      log(`  wgan-gp ${device} ...`);
      results.push(await benchWganGp(flags.config, plan, device));
    }
  }
  for (const peer of peers) {
    log(`  ${peer} ...`);
    results.push(await runPeer(peer, flags.config, { ...plan, threads: machine.threads }));
  }
  // after the timed runs, so that its buffers do not count in wgan-gp's peak RSS
  log(`  GEMM limit (sgemm ${GEMM_LIMIT_SIZE}³) ...`);
  report(flags, machine, results, await measureGemmLimit());
}

function report(flags: BenchFlags, machine: ReturnType<typeof machineInfo>, results: BenchResult[], gemmLimitGflops: number | null = null): void {
  const gflopPerIteration = flags.config === DATA_BENCH_CONFIG ? null : iterationFlops(PRESETS[BENCH_CONFIGS[flags.config]]) / 1e9;
  if (flags.json) console.log(JSON.stringify({ config: flags.config, gflopPerIteration, gemmLimitGflops, machine, results }));
  else {
    console.log(formatTable(flags.config, results));
    for (const r of results) if (r.note) console.log(`note: ${r.name}: ${r.note}`);
    for (const r of results) if (r.breakdownMs) console.log(formatBreakdown(r));
    for (const r of results)
      if (r.check)
        console.log(`check: ${r.name}: critic loss ${r.check.loss.peer.toPrecision(6)} vs wgan-gp ${r.check.loss.wganGp.toPrecision(6)}, penalty ${r.check.penalty.peer.toPrecision(6)} vs ${r.check.penalty.wganGp.toPrecision(6)} (max relative error ${r.check.relError.toExponential(1)}, tolerance ${CHECK_TOLERANCE})`);
    const ours = results[0].msPerIter?.median;
    if (gflopPerIteration !== null) {
      const reached = ours ? gflopPerIteration / (ours / 1000) : null;
      const share = reached !== null && gemmLimitGflops ? ` = ${((100 * reached) / gemmLimitGflops).toFixed(0)}% of the GEMM limit` : '';
      console.log(`work: ${gflopPerIteration.toFixed(1)} GFLOP per iteration` + (reached !== null ? `; wgan-gp ${reached.toFixed(1)} GFLOP/s${share}` : ''));
    }
    if (gemmLimitGflops !== null)
      console.log(`GEMM limit: ${gemmLimitGflops.toFixed(1)} GFLOP/s (sgemm ${GEMM_LIMIT_SIZE}³ on the CPU backend's GEMM path, ${machine.threads} threads)`);
    console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.threads} threads, BLAS ${machine.blas}, Node ${machine.node}`);
  }
}
