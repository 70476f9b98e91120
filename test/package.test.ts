/**
 * Packaging as a user meets it: `npm run build:prebuilds` (prebuildify over the CMake build) makes the binary, `npm pack` holds only what a user needs,
 * and the tarball installed with no install scripts (so no compiler runs) loads that prebuilt binary;
 * without one, the import fails with ERR_NATIVE_BINARY telling what to run. Works on a copy of the
 * package, because node-gyp (under prebuildify) deletes the build/ folder it runs in.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
/** The budget of the prebuilt binary: static OpenBLAS (all its x86 kernels) ~26 MB, the CUDA runtime ~1 MB. */
const BINARY_BUDGET_MB = 32;

const sh = (cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm package', () => {
  it('installs from the tarball with a prebuilt binary and no install script, and says what to run without one', { timeout: 900_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'wgan-gp-pack-'));
    const pkg = join(work, 'pkg');
    mkdirSync(pkg);
    for (const entry of ['package.json', 'binding.gyp', 'CMakeLists.txt', 'README.md', 'LICENSE', 'native', 'dist', 'bench'])
      cpSync(join(repo, entry), join(pkg, entry), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));

    sh(pkg, 'npm', ['run', 'build:prebuilds']);
    const binary = join(pkg, 'prebuilds', 'linux-x64', 'wgan-gp.node');
    const sizeMB = statSync(binary).size / 2 ** 20;
    expect(sizeMB).toBeLessThan(BINARY_BUDGET_MB);

    rmSync(join(pkg, 'build'), { recursive: true, force: true });
    const tarball = join(pkg, sh(pkg, 'npm', ['pack', '--ignore-scripts', '--silent']).trim().split('\n').at(-1)!);
    const listing = sh(work, 'tar', ['tzf', tarball]).trim().split('\n');
    expect(listing).toContain('package/prebuilds/linux-x64/wgan-gp.node');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/dist/cli/main.js');
    expect(listing.filter((f) => /^package\/(test|build|runs|lib)\/|\.test\.|node_modules/.test(f))).toEqual([]);
    // The benchmark peers (TF.js, a devDependency, and PyTorch) stay in the repository's bench/.
    expect(listing.filter((f) => /^package\/bench\/|tfjs-peer|pytorch_peer/.test(f))).toEqual([]);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    sh(app, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball]);
    const installed = join(app, 'node_modules', 'wgan-gp');
    expect(existsSync(join(installed, 'build'))).toBe(false);

    // No compiler on PATH: only node itself.
    const bare = { ...process.env, PATH: dirname(process.execPath) };
    const info = JSON.parse(sh(app, process.execPath, [join(installed, 'dist', 'cli', 'main.js'), 'info', '--json'], bare));
    expect(info).toMatchObject({ version: expect.any(String), backend: 'cpu' });
    // The prebuild is the CMake build: with the CUDA part wherever nvcc was there to build it.
    const nvcc = spawnSync('nvcc', ['--version']).status === 0;
    expect(info.cuda.compiled).toBe(nvcc);
    // TypeScript compiled against the installed package's type declarations, run as ESM.
    writeFileSync(join(app, 'main.ts'), `
      import { Sequential, train, type TrainResult } from 'wgan-gp';
      const d = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 1 }] }, { seed: 1 });
      const r = d.criticLossAndGrads({ real: new Float32Array(4).fill(1), fake: new Float32Array(4), epsilon: new Float32Array([0.5, 0.5]), lambda: 10 });
      const result: TrainResult = await train({ preset: 'toy-8gaussians', iterations: 3, batchSize: 32, outDir: 'run' }).result;
      console.log(JSON.stringify({ loss: r.loss, checkpoint: result.lastCheckpoint }));`);
    sh(app, process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict', '--typeRoots', join(repo, 'node_modules', '@types'), '--types', 'node', 'main.ts']);
    const out = JSON.parse(sh(app, process.execPath, ['main.js'], bare));
    expect(Number.isFinite(out.loss)).toBe(true);
    expect(out.checkpoint).toBe(join('run', 'checkpoints', 'iter-000003.safetensors'));
    // The CLI of the installed package trains the toy preset.
    const trained = sh(app, process.execPath, [join(installed, 'dist', 'cli', 'main.js'), 'train', '--preset', 'toy-8gaussians', '--iterations', '4', '--batch-size', '32', '--out', 'cli-run'], bare);
    expect(trained).toMatch(/done: 4 iterations/);

    rmSync(join(installed, 'prebuilds'), { recursive: true });
    let message = '';
    try {
      sh(app, process.execPath, ['--input-type=module', '-e', `import { runtimeInfo } from 'wgan-gp'; try { runtimeInfo() } catch (e) { console.log(e.code + ' ' + e.message); process.exit(3) }`], bare);
    } catch (error) {
      message = (error as { stdout: string }).stdout;
    }
    expect(message).toMatch(/^ERR_NATIVE_BINARY .*npm rebuild wgan-gp/);
    rmSync(work, { recursive: true, force: true });
  });
});
