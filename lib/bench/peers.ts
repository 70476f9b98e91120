/**
 * The peers of the benchmark, each run in a child process one after another (so each has its own peak RSS
 * and a peer that hangs can be stopped): TF.js (cpu, wasm, and tfjs-node when installed) with the
 * implementation in bench/tfjs-peer.ts, and PyTorch through bench/pytorch_peer.py when python3 has torch (on the CPU,
 * and on the GPU eager and with CUDA graphs). The peers live in the repository's bench/ folder, not in the
 * npm package: an installed package times wgan-gp alone and says where the peers are.
 * A child prints one JSON line per iteration (IterationLine) and may print {"note"} or {"error"} lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../native.js';
import { BENCH_CONFIGS, resultFromLines, type BenchConfig, type BenchResult } from './bench.js';
import { CHECK_TOLERANCE, checkBatch, writeCheckFile, type CorrectnessCheck } from './check.js';
import { PRESETS } from '../presets/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { IterationLine, TimingPlan } from './timing.js';

export const PEER_NAMES = ['tfjs-cpu', 'tfjs-wasm', 'tfjs-node', 'pytorch', 'pytorch-cuda', 'pytorch-cuda-graph'] as const;
export type PeerName = (typeof PEER_NAMES)[number];
/** PyTorch on GPU 0, eager and with CUDA graphs: peers of wgan-gp's CUDA backend (`bench --cuda`). */
export const GPU_PEERS: readonly PeerName[] = ['pytorch-cuda', 'pytorch-cuda-graph'];


export interface PeerPlan extends TimingPlan {
  threads: number;
}

/** The default peers: TF.js cpu and wasm, PyTorch, tfjs-node where it is installed, and the GPU peers when asked for. */
export function defaultPeers(gpu = false): PeerName[] {
  return PEER_NAMES.filter((p) => (p !== 'tfjs-node' || resolvable('@tensorflow/tfjs-node')) && (gpu || !GPU_PEERS.includes(p)));
}

function resolvable(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** The first python with torch among WGAN_GP_PYTHON, python3 and the system's /usr/bin/python3, or why there is none. */
function findTorchPython(): { python: string } | { error: string } {
  const candidates = process.env.WGAN_GP_PYTHON ? [process.env.WGAN_GP_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (!probe.error && probe.status === 0) return { python };
  }
  return { error: `skipped: no python with torch among ${candidates.join(', ')} (install torch, or set WGAN_GP_PYTHON)` };
}

/** A peer's program in bench/, or why it is missing: the npm package does not ship them. */
function peerScript(file: string): { script: string } | { error: string } {
  const script = join(packageRoot, 'bench', file);
  if (existsSync(script)) return { script };
  return {
    error:
      `skipped: bench/${file} is not here: the benchmark peers are not part of the npm package; run them from a clone ` +
      'of the repository (npm ci && npm run build && node dist/cli/main.js bench, see BENCHMARKS.md)',
  };
}

export async function runPeer(peer: PeerName, config: BenchConfig, plan: PeerPlan): Promise<BenchResult> {
  const args = [config, String(plan.warmup), String(plan.iterations), String(plan.budgetMs), String(plan.threads)];
  const program = peerScript(peer.startsWith('pytorch') ? 'pytorch_peer.py' : 'tfjs-peer.js');
  if ('error' in program) return { name: peer, error: program.error };
  if (peer.startsWith('pytorch')) {
    const found = findTorchPython();
    if ('error' in found) return { name: peer, error: found.error };
    const device = peer === 'pytorch' ? 'cpu' : peer.slice('pytorch-'.length);
    // The same correctness check as the TF.js peer's: wgan-gp's critic, batch and figures in a file it loads.
    const preset = PRESETS[BENCH_CONFIGS[config]];
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-check-'));
    const file = join(dir, 'check.safetensors');
    try {
      await writeCheckFile(checkBatch(preset), preset.critic.inputShape, file);
      return await runChild(peer, found.python, [program.script, ...args, device, file], plan);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const backend = peer.slice('tfjs-'.length);
  const tfjsPackage = backend === 'node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs';
  if (!resolvable(tfjsPackage))
    return { name: peer, error: `skipped: ${tfjsPackage} is not installed (npm install --no-save @tensorflow/tfjs@4.22 @tensorflow/tfjs-backend-wasm@4.22)` };
  return runChild(peer, process.execPath, [program.script, backend, ...args], plan);
}

/** Runs a peer child, collects its lines, and stops it once it overruns the budget (its first iteration may be very slow). */
export function runChild(name: string, command: string, args: string[], plan: PeerPlan): Promise<BenchResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: String(plan.threads) } });
    const lines: IterationLine[] = [];
    const notes: string[] = [];
    let error: string | undefined;
    let check: CorrectnessCheck | undefined;
    let stderr = '';
    let buffered = '';
    const hardLimitMs = plan.budgetMs * 1.25;
    const timer = setTimeout(() => {
      notes.push(`stopped after ${(hardLimitMs / 1000).toFixed(0)} s (time budget)`);
      if (!lines.some((l) => l.phase === 'timed')) error = `no timed iteration finished within ${(hardLimitMs / 1000).toFixed(0)} s`;
      child.kill('SIGKILL');
    }, hardLimitMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const part of parts) {
        // Libraries print banners to stdout (TF.js does): only the JSON lines are the peer's.
        let msg: Partial<IterationLine> & { note?: string; error?: string; check?: CorrectnessCheck };
        try {
          msg = JSON.parse(part);
        } catch {
          continue;
        }
        if (msg.check) {
          check = msg.check;
          if (!(check.relError <= CHECK_TOLERANCE)) error = `correctness check failed: loss/penalty relative error ${check.relError.toExponential(2)} > ${CHECK_TOLERANCE}`;
        } else if (msg.error) error = msg.error;
        else if (msg.note) notes.push(msg.note);
        else lines.push(msg as IterationLine);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', (e) => (error = e.message));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code && !error && !lines.length) error = `exited with code ${code}: ${lastLine(stderr)}`;
      if (signal && !error && !lines.some((l) => l.phase === 'timed')) error = `killed by ${signal}`;
      resolve(resultFromLines(name, lines, plan, { error, check, note: notes.join('; ') || undefined }));
    });
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';
