/**
 * The CUDA status without a GPU: the backend reports why it cannot run, and where it looked for cuDNN and
 * cuBLAS (in the documented order). Each case runs in a child process because the probe runs once per process.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeInfo, train, UnsupportedError } from '../lib/index.js';

const root = join(import.meta.dirname, '..');
const cudaIn = (env: NodeJS.ProcessEnv) =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'info', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8' })).cuda;

describe('CUDA status', () => {
  const status = runtimeInfo().cuda;

  it('says why the backend is unavailable', () => {
    expect(status.available).toBe(false);
    expect(status.reason.length).toBeGreaterThan(10);
    if (status.compiled && status.gpus.length === 0) expect(status.reason).toMatch(/driver|GPU/);
  });

  it("device 'cuda' throws ERR_UNSUPPORTED with that reason; 'auto' trains on the CPU", async () => {
    expect(() => train({ preset: 'toy-8gaussians', device: 'cuda' })).toThrow(UnsupportedError);
    expect(() => train({ preset: 'toy-8gaussians', device: 'cuda' })).toThrow(status.reason.slice(0, 20));
    const result = await train({ preset: 'toy-8gaussians', device: 'auto', iterations: 1, batchSize: 8 }).result;
    expect(result.iterations).toBe(1);
  });

  it.runIf(status.compiled)('searches WGAN_GP_CUDA_LIB_DIR, the system path, CUDA_HOME, then Python site-packages, and names a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-cuda-'));
    const libDir = join(dir, 'libs');
    mkdirSync(libDir);
    writeFileSync(join(libDir, 'libcudnn.so.9'), 'not a shared object');
    const venv = join(dir, 'venv');
    const wheel = join(venv, 'lib', 'python3.11', 'site-packages', 'nvidia', 'cublas', 'lib');
    mkdirSync(wheel, { recursive: true });
    const cuda = cudaIn({ WGAN_GP_CUDA_LIB_DIR: libDir, CUDA_HOME: join(dir, 'cuda-home'), VIRTUAL_ENV: venv });

    expect(cuda.cudnn.loaded).toBe(false);
    expect(cuda.cudnn.error).toContain(join(libDir, 'libcudnn.so.9'));
    expect(cuda.cudnn.error).toMatch(/invalid ELF header|file too short/);
    const looked: string = cuda.cublas.error;
    const order = [libDir, 'the system library path', join(dir, 'cuda-home', 'lib64'), wheel].map((p) => looked.indexOf(p));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
