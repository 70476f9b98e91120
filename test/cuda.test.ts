/**
 * The CUDA status without a GPU: the backend reports why it cannot run, and where it looked for cuDNN and
 * cuBLAS (in the documented order). Each case runs in a child process because the probe runs once per process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callNative } from '../lib/errors.js';
import { InvalidArgumentError, runtimeInfo, Sequential, train, UnsupportedError } from '../lib/index.js';
import { native } from '../lib/native.js';

const root = join(import.meta.dirname, '..');
const cudaIn = (env: NodeJS.ProcessEnv) =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'info', '--json'], { env: { ...process.env, ...env }, encoding: 'utf8' })).cuda;

describe('CUDA status', () => {
  const status = runtimeInfo().cuda;

  it.skipIf(status.available)('says why the backend is unavailable', () => {
    expect(status.available).toBe(false);
    expect(status.reason.length).toBeGreaterThan(10);
    if (status.compiled && status.gpus.length === 0) expect(status.reason).toMatch(/driver|GPU/);
  });

  it.skipIf(status.available)("device 'cuda' throws ERR_UNSUPPORTED with that reason; 'auto' trains on the CPU", async () => {
    expect(() => train({ preset: 'toy-8gaussians', device: 'cuda' })).toThrow(UnsupportedError);
    expect(() => train({ preset: 'toy-8gaussians', device: 'cuda' })).toThrow(status.reason.slice(0, 20));
    const result = await train({ preset: 'toy-8gaussians', device: 'auto', iterations: 1, batchSize: 8 }).result;
    expect(result.iterations).toBe(1);
  });

  it.skipIf(status.available)("the native methods' device 'cuda' throws ERR_UNSUPPORTED with that reason; another device name ERR_INVALID_ARGUMENT", () => {
    const critic = new Sequential({ inputShape: [3], layers: [{ type: 'dense', units: 1 }] }, { seed: 1 });
    const generator = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 3 }] }, { seed: 2 });
    const x = new Float32Array(6), eps = new Float32Array(2);
    const call = (fn: () => unknown) => () => callNative(fn);
    expect(call(() => critic.native.layerOps(0, x, new Float32Array(2), x, 2, 'cuda'))).toThrow(UnsupportedError);
    expect(call(() => critic.native.criticLossAndGrads(x, x, eps, 10, 'cuda'))).toThrow(status.reason.slice(0, 20));
    const options = { batch: 2, criticIters: 1, lambda: 10, seed: 0, adamG: {}, adamD: {} };
    expect(call(() => new (native().NativeTrainer)(generator.native, critic.native, { ...options, device: 'cuda' }))).toThrow(UnsupportedError);
    expect(call(() => critic.native.layerOps(0, x, new Float32Array(2), x, 2, 'gpu' as 'cuda'))).toThrow(InvalidArgumentError);
    expect(call(() => new (native().NativeTrainer)(generator.native, critic.native, { ...options, cudaGraph: 1 as unknown as boolean }))).toThrow(/cudaGraph/);
    // The models stay usable on the CPU.
    expect(critic.native.layerOps(0, x, new Float32Array(2), x, 2, 'cpu').y).toHaveLength(2);
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
    expect(cuda.convolutions).toBe('im2col + cuBLAS GEMM (cuDNN not loaded)');
    const looked: string = cuda.cublas.error;
    const order = [libDir, 'the system library path', join(dir, 'cuda-home', 'lib64'), wheel].map((p) => looked.indexOf(p));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  // A stand-in libcudnn.so.9 built here (no cuDNN exists on this machine): the loader reads its version,
  // and convolutions go through cuDNN only when every entry point the backend declares is there.
  const compiler = spawnSync('g++', ['--version']).status === 0;
  it.runIf(status.compiled && compiler)('uses cuDNN for convolutions only when it has every entry point, and says which one lacks', () => {
    const entryPoints = [
      'cudnnCreate', 'cudnnSetStream', 'cudnnGetErrorString', 'cudnnCreateTensorDescriptor', 'cudnnSetTensor4dDescriptor',
      'cudnnDestroyTensorDescriptor', 'cudnnCreateFilterDescriptor', 'cudnnSetFilter4dDescriptor', 'cudnnDestroyFilterDescriptor',
      'cudnnCreateConvolutionDescriptor', 'cudnnSetConvolution2dDescriptor', 'cudnnSetConvolutionMathType',
      'cudnnDestroyConvolutionDescriptor', 'cudnnGetConvolution2dForwardOutputDim', 'cudnnGetConvolutionForwardAlgorithm_v7',
      'cudnnGetConvolutionForwardWorkspaceSize', 'cudnnConvolutionForward', 'cudnnGetConvolutionBackwardDataAlgorithm_v7',
      'cudnnGetConvolutionBackwardDataWorkspaceSize', 'cudnnConvolutionBackwardData',
      'cudnnGetConvolutionBackwardFilterAlgorithm_v7', 'cudnnGetConvolutionBackwardFilterWorkspaceSize',
      'cudnnConvolutionBackwardFilter',
    ];
    const fakeCudnn = (exported: string[]) => {
      const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-cudnn-'));
      const source = join(dir, 'fake.c');
      const stubs = exported.map((name) => `int ${name}(void) { return 0; }`).join('\n');
      writeFileSync(source, `unsigned long cudnnGetVersion(void) { return 90602; }\n${stubs}\n`);
      execFileSync('g++', ['-x', 'c', '-shared', '-fPIC', '-o', join(dir, 'libcudnn.so.9'), source]);
      return cudaIn({ WGAN_GP_CUDA_LIB_DIR: dir });
    };

    const complete = fakeCudnn(entryPoints);
    expect(complete.cudnn).toMatchObject({ loaded: true, version: '9.6.2' });
    expect(complete.convolutions).toBe('cuDNN 9.6.2');
    const lacking = fakeCudnn(entryPoints.filter((name) => name !== 'cudnnConvolutionBackwardData'));
    expect(lacking.convolutions).toBe('im2col + cuBLAS GEMM (cuDNN 9.6.2 lacks cudnnConvolutionBackwardData)');
  });
});
