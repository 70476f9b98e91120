/**
 * Packaging as a user meets it: `npm run build:prebuilds` (prebuildify over the CMake build) makes the binaries for
 * linux-x64 and (cross-compiled) linux-arm64, `npm pack` holds only what a user needs, and the tarball installed
 * with no install scripts (so no compiler runs) loads the x64 prebuild, from ESM, TypeScript and CommonJS
 * (require); without one, the import fails with ERR_NATIVE_BINARY telling what to run. The arm64 prebuild
 * runs under emulation in test/arm64-qemu.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPrebuilds, pack, sh } from './platform/packed.js';

const repo = join(import.meta.dirname, '..');
const targets = createRequire(import.meta.url)('../native/build-helpers/targets.cjs') as { cpuFeatures(arch: string): string[] };
/** The budget of each prebuilt binary: x64 with static OpenBLAS (all its x86 kernels) ~26 MB and the CUDA part
 *  ~3 MB; arm64 with static OpenBLAS (its Arm kernels) ~12 MB. */
const BINARY_BUDGET_MB = 32;
/** The budget of the packed tarball with both prebuilds. */
const TARBALL_BUDGET_MB = 40;
const PREBUILDS = ['linux-x64', 'linux-arm64'];

describe('npm package', () => {
  it('installs from the tarball with a prebuilt binary and no install script, and says what to run without one', { timeout: 1_800_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'wgan-gp-pack-'));
    const pkg = buildPrebuilds(work, 'build:prebuilds');
    // package.json's os/cpu list what is shipped
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest.os.flatMap((os: string) => manifest.cpu.map((cpu: string) => `${os}-${cpu}`)).sort()).toEqual([...PREBUILDS].sort());
    for (const platform of PREBUILDS) {
      const sizeMB = statSync(join(pkg, 'prebuilds', platform, 'wgan-gp.glibc.node')).size / 2 ** 20;
      console.log(`prebuilds/${platform}: ${sizeMB.toFixed(1)} MB`);
      expect(sizeMB).toBeLessThan(BINARY_BUDGET_MB);
    }

    const tarball = pack(pkg);
    const tarballMB = statSync(tarball).size / 2 ** 20;
    console.log(`tarball: ${tarballMB.toFixed(1)} MB packed`);
    expect(tarballMB).toBeLessThan(TARBALL_BUDGET_MB);
    const listing = sh(work, 'tar', ['tzf', tarball]).trim().split('\n');
    for (const platform of PREBUILDS) expect(listing).toContain(`package/prebuilds/${platform}/wgan-gp.glibc.node`);
    expect(listing).toContain('package/native/build-helpers/install.cjs');
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
    expect(info).toMatchObject({ version: expect.any(String), backend: 'cpu', platform: 'linux-x64' });
    expect(info.binary).toMatchObject({ path: join(installed, 'prebuilds', 'linux-x64', 'wgan-gp.glibc.node'), origin: 'prebuilt', arch: 'x64', cpuFeatures: targets.cpuFeatures('x64') });
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
    // CommonJS: require() of the package (Node 20.19+ loads its ES modules synchronously).
    writeFileSync(join(app, 'main.cjs'), `
      const { Sequential, runtimeInfo } = require('wgan-gp');
      const d = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 1 }] }, { seed: 1 });
      const r = d.criticLossAndGrads({ real: new Float32Array(4).fill(1), fake: new Float32Array(4), epsilon: new Float32Array([0.5, 0.5]), lambda: 10 });
      console.log(JSON.stringify({ loss: r.loss, arch: runtimeInfo().target.arch }));`);
    const cjs = JSON.parse(sh(app, process.execPath, ['main.cjs'], bare));
    expect(cjs).toEqual({ loss: out.loss, arch: 'x64' });
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
    expect(message).toMatch(/^ERR_NATIVE_BINARY no native binary of wgan-gp for linux-x64 .*Prebuilt: none in this copy\. .*npm rebuild wgan-gp/);
    rmSync(work, { recursive: true, force: true });
  });
});
