/**
 * Reliability: the native boundary under hundreds of malformed calls (fast-check, in a child process),
 * SIGKILL during checkpoint writes, non-finite training, damaged checkpoints, and flat memory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, NonFiniteError, PRESETS, readCheckpoint, Sequential, train } from '../lib/index.js';
import { decodeSafetensors, encodeSafetensors, readSafetensors } from '../lib/train/safetensors.js';
import { freshSeed } from './helpers.js';

const root = join(import.meta.dirname, '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-rel-'));

function runNode(args: string[], options: { killAfterMs?: (child: ReturnType<typeof spawn>) => void } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    options.killAfterMs?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const checkpointsIn = (dir: string) =>
  existsSync(join(dir, 'checkpoints')) ? readdirSync(join(dir, 'checkpoints')).filter((f) => /^iter-\d+\.safetensors$/.test(f)).sort() : [];

describe('reliability', () => {
  it('the native boundary rejects several hundred malformed calls with typed errors and keeps working', async () => {
    const seed = freshSeed();
    const r = await runNode([join(root, 'test', 'fuzz', 'native-boundary.mjs'), '400', String(seed)]);
    expect(r.signal, `seed ${seed}: the child crashed\n${r.stderr}`).toBeNull();
    expect(r.code, `seed ${seed}\n${r.stderr}`).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary.total).toBeGreaterThanOrEqual(800);
    expect(summary.rejected).toBeGreaterThanOrEqual(500);
  });

  it('concurrent use during a running step, evaluation or predictAsync is refused with ERR_BUSY, and works again afterwards', async () => {
    const { native } = await import('../lib/native.js');
    const G = new Sequential(PRESETS.mnist.generator, { seed: 1 }), D = new Sequential(PRESETS.mnist.critic, { seed: 2 });
    const trainer = new (native().NativeTrainer)(G.native, D.native, { batch: 8, criticIters: 5, lambda: 10, seed: 1, adamG: {}, adamD: {} });
    const real = new Float32Array(5 * 8 * 784);
    const running = trainer.run(real, 1);
    const busy = (fn: () => unknown) => {
      try {
        fn();
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(busy(() => trainer.run(real, 1))).toBe('ERR_BUSY');
    expect(busy(() => D.predict(new Float32Array(784), 1))).toBe('ERR_BUSY');
    expect(busy(() => G.dispose())).toBe('ERR_BUSY');
    expect(busy(() => D.native.predictAsync(new Float32Array(784), 1))).toBe('ERR_BUSY');
    const [stats] = await running;
    expect(stats.finite).toBe(true);
    expect(D.predict(new Float32Array(784), 1)).toHaveLength(1);
    // The other background calls hold the models the same way, and give what their sync versions give.
    const evaluating = trainer.evaluate(real.subarray(0, 8 * 784), 7);
    expect(busy(() => G.predict(new Float32Array(128), 1))).toBe('ERR_BUSY');
    expect(busy(() => trainer.evaluate(real.subarray(0, 8 * 784), 7))).toBe('ERR_BUSY');
    const first = await evaluating;
    expect(await trainer.evaluate(real.subarray(0, 8 * 784), 7)).toEqual(first);
    const images = Float32Array.from({ length: 3 * 784 }, (_, i) => Math.sin(i));
    const predicting = D.predictAsync(images, 3);
    expect(busy(() => D.predict(images, 3))).toBe('ERR_BUSY');
    expect(busy(() => D.dispose())).toBe('ERR_BUSY');
    expect(busy(() => trainer.run(real, 1))).toBe('ERR_BUSY');
    expect(await predicting).toEqual(D.predict(images, 3));
    await expect(D.predictAsync(images, 2)).rejects.toMatchObject({ code: 'ERR_SHAPE_MISMATCH' });
    G.dispose();
    D.dispose();
  });

  it('SIGKILL during checkpoint writes: the newest complete checkpoint always loads and resumes', async () => {
    const dir = tmp();
    let tornWrites = 0;
    for (let round = 0; round < 12; round++) {
      const [newest] = checkpointsIn(dir).slice(-1);
      const args = [CLI, 'train', '--preset', 'toy-8gaussians', '--batch-size', '16', '--iterations', '100000', '--checkpoint-every', '1', '--keep-checkpoints', '2', '--sample-every', '100000', '--out', dir];
      if (newest) args.push('--resume', join(dir, 'checkpoints', newest));
      const before = newest ? readCheckpoint(join(dir, 'checkpoints', newest)).iteration : 0;
      // Even rounds kill at a random moment; odd rounds kill as soon as a checkpoint's temporary file
      // appears (inotify), i.e. in the middle of writing it, which a fast disk makes rare by chance.
      const atWrite = round % 2 === 1;
      const r = await runNode(args, {
        killAfterMs: (child) => {
          let armed = false;
          const watcher = atWrite
            ? watch(join(dir, 'checkpoints'), (_, name) => {
                if (armed && name?.includes('.tmp-')) child.kill('SIGKILL');
              })
            : null;
          const poll = setInterval(() => {
            const list = checkpointsIn(dir);
            const latest = list.length ? Number(/\d+/.exec(list.at(-1)!)![0]) : 0;
            if (latest > before + 2) {
              clearInterval(poll);
              if (atWrite) armed = true;
              else setTimeout(() => child.kill('SIGKILL'), Math.random() * 300);
            }
          }, 20);
          child.on('close', () => {
            clearInterval(poll);
            watcher?.close();
          });
        },
      });
      expect(r.signal).toBe('SIGKILL');
      tornWrites += readdirSync(join(dir, 'checkpoints')).filter((f) => f.includes('.tmp-')).length;
      const latest = checkpointsIn(dir).at(-1)!;
      const ck = readCheckpoint(join(dir, 'checkpoints', latest)); // verifies the checksum
      expect(ck.iteration).toBeGreaterThan(before);
    }
    expect(tornWrites, 'no kill landed inside a checkpoint write').toBeGreaterThan(0);
    const final = await runNode([CLI, 'train', '--resume', join(dir, 'checkpoints', checkpointsIn(dir).at(-1)!), '--iterations', String(readCheckpoint(join(dir, 'checkpoints', checkpointsIn(dir).at(-1)!)).iteration + 3)]);
    expect(final.code, final.stderr).toBe(0);
    expect(readdirSync(join(dir, 'checkpoints')).filter((f) => f.includes('.tmp-'))).toEqual([]); // stale temporaries are cleared
  });

  it('a non-finite loss stops the run naming the iteration and quantity; the last checkpoint stays loadable', async () => {
    const dir = tmp();
    await train({ preset: 'toy-8gaussians', iterations: 2, batchSize: 16, outDir: dir }).result;
    const file = join(dir, 'checkpoints', 'iter-000002.safetensors');
    // A diverged critic: weights so large that its output overflows float32.
    const { tensors, metadata } = readSafetensors(file);
    for (const name of ['critic.0.weight', 'critic.2.weight', 'critic.4.weight', 'critic.6.weight']) tensors[name].data.forEach((v, i, a) => (a[i] = v * 1e12));
    writeFileSync(file, await encodeSafetensors(tensors, metadata));

    const stop = train({ preset: 'toy-8gaussians', iterations: 10, batchSize: 16, outDir: dir, resumeFrom: file, checkpointEvery: 1 });
    const error = await stop.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    expect((error as Error).message).toMatch(/iteration 3: the critic loss .* is not finite/);
    expect(checkpointsIn(dir)).toEqual(['iter-000002.safetensors']);
    expect(readCheckpoint(file).iteration).toBe(2);

    const skip = await train({ preset: 'toy-8gaussians', iterations: 5, batchSize: 16, resumeFrom: file, onNonFinite: 'skip' }).result;
    expect(skip.skippedUpdates).toBe(3);
  });

  it('rejects truncated, corrupted and foreign checkpoints with ERR_CHECKPOINT naming the file', async () => {
    const dir = tmp();
    await train({ preset: 'toy-8gaussians', iterations: 1, batchSize: 8, outDir: dir }).result;
    const file = join(dir, 'checkpoints', 'iter-000001.safetensors');
    const bytes = readFileSync(file);
    const truncated = join(dir, 'truncated.safetensors');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] ^= 0xff;
    expect(() => decodeSafetensors(flipped, 'flipped.safetensors')).toThrow(/flipped\.safetensors.*checksum/);
    expect(() => readCheckpoint(truncated)).toThrow(CheckpointError);
    expect(() => readCheckpoint(truncated)).toThrow(/truncated\.safetensors/);
    expect(() => readCheckpoint(join(dir, 'missing.safetensors'))).toThrow(/missing\.safetensors/);
    const other = train({ preset: 'mnist', iterations: 2, batchSize: 4, resumeFrom: file });
    const error = await other.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/another architecture/);
  });

  it('memory stays flat over thousands of steps and thousands of models (disposed or garbage-collected)', { timeout: 600_000 }, async () => {
    const r = await runNode(['--expose-gc', join(root, 'test', 'soak', 'memory.mjs'), '2000']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const BOUND_MB = 24;
    expect(m.trainingRss.at(-1) - m.trainingRss[0]).toBeLessThan(BOUND_MB);
    expect(m.afterDispose - m.beforeDispose).toBeLessThan(BOUND_MB);
    expect(m.afterGc - m.beforeGc).toBeLessThan(BOUND_MB);
  });
});
