/**
 * Loading the native binary: it records the CPU features it was compiled for, the loader refuses one that
 * needs a feature this CPU lacks (naming it, where running it would die of "Illegal instruction"), and the
 * install script then builds from source, or says which platforms have prebuilds when that fails.
 * Each case runs in a child process: a process loads the addon once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeInfo } from '../lib/index.js';
import { nativeBinary } from '../lib/native.js';

const repo = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const cpuCheck = require('../native/build-helpers/cpu-check.cjs') as {
  SECTION: string;
  elfSection(file: string, name: string): { offset: number; size: number } | undefined;
  requiredCpuFeatures(file: string): string[] | undefined;
};
const targets = require('../native/build-helpers/targets.cjs') as { cpuFeatures(arch: string): string[] };
const work = mkdtempSync(join(tmpdir(), 'wgan-gp-binary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of this build whose recorded CPU features are `features`. */
function withFeatures(features: string, file: string): string {
  copyFileSync(nativeBinary().path, file);
  const section = cpuCheck.elfSection(file, cpuCheck.SECTION)!;
  const bytes = Buffer.alloc(section.size);
  bytes.write(features, 'latin1');
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, section.offset);
  closeSync(fd);
  return file;
}

/** runtimeInfo() in a child process loading `binary`: its target, or the error's code and message. */
function loadIn(binary: string) {
  const script = `import('${join(repo, 'dist', 'index.js')}').then(({ runtimeInfo }) => {
    try { console.log(JSON.stringify(runtimeInfo().target)) } catch (e) { console.log(e.code + ' ' + e.message) }
  })`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, WGAN_GP_NATIVE: binary }, encoding: 'utf8' });
  return { ...r, out: r.stdout.trim() };
}

describe('the native binary', () => {
  it('records the CPU features it was compiled for (targets.cjs), readable before loading and reported after', () => {
    const { path, origin } = nativeBinary();
    expect(origin).toBe('built from source');
    expect(path).toBe(join(repo, 'build', 'Release', 'wgan_gp.node'));
    expect(cpuCheck.elfSection(path, cpuCheck.SECTION)?.size).toBe(64);
    expect(cpuCheck.requiredCpuFeatures(path)).toEqual(targets.cpuFeatures(process.arch));
    expect(runtimeInfo().target).toEqual({ arch: process.arch, cpuFeatures: targets.cpuFeatures(process.arch) });
    expect(cpuCheck.requiredCpuFeatures(join(repo, 'package.json'))).toBeUndefined();
  });

  it('is refused before loading when it needs a CPU feature this CPU lacks, naming the feature', () => {
    // the same code, only the recorded list differs: so it is the check that refuses it, not the loader
    const fine = loadIn(withFeatures('', join(work, 'none.node')));
    expect(JSON.parse(fine.out)).toEqual(runtimeInfo().target);
    const refused = loadIn(withFeatures('avx2,nope', join(work, 'nope.node')));
    expect(refused.status).toBe(0);
    expect(refused.out).toMatch(/^ERR_NATIVE_BINARY the native binary of wgan-gp \(WGAN_GP_NATIVE: .*nope\.node\) needs the CPU feature nope, which this CPU lacks\. .*npm rebuild wgan-gp/);
  });

  it('a missing file is a typed error naming it', () => {
    expect(loadIn(join(work, 'absent.node')).out).toMatch(/^ERR_NATIVE_BINARY the native binary of wgan-gp \(WGAN_GP_NATIVE: .*absent\.node\) did not load/);
  });

  it('install script: builds from source where the prebuild needs a missing CPU feature; a failed build names the platform and the prebuilds', () => {
    const pkg = join(work, 'pkg');
    mkdirSync(join(pkg, 'prebuilds', `linux-${process.arch}`), { recursive: true });
    cpSync(join(repo, 'native', 'build-helpers'), join(pkg, 'native', 'build-helpers'), { recursive: true });
    copyFileSync(join(repo, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
    const prebuild = `linux-${process.arch}/wgan-gp.glibc.node`;
    withFeatures('nope', join(pkg, 'prebuilds', prebuild));
    // node-gyp stands in as a script that records its call and fails; no cmake on PATH
    const fakeNodeGyp = join(work, 'node-gyp.cjs');
    writeFileSync(fakeNodeGyp, `require('fs').writeFileSync(${JSON.stringify(join(work, 'called'))}, process.argv.slice(2).join(' ')); process.exit(1)`);
    const bin = join(work, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const env = { ...process.env, PATH: bin, npm_config_node_gyp: fakeNodeGyp };
    const r = spawnSync(process.execPath, [join(pkg, 'native', 'build-helpers', 'install.cjs')], { cwd: pkg, env, encoding: 'utf8' });
    expect(r.stdout).toContain(`wgan-gp: prebuilds/${prebuild} needs the CPU features nope, which this CPU lacks`);
    expect(r.stdout).toContain(`wgan-gp: building from source for linux-${process.arch}`);
    expect(readFileSync(join(work, 'called'), 'utf8')).toBe('rebuild');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`wgan-gp: the source build for linux-${process.arch} failed; prebuilt binaries: ${prebuild}.`);

    // with a prebuild this CPU can run, nothing is built
    withFeatures('', join(pkg, 'prebuilds', prebuild));
    rmSync(join(work, 'called'));
    expect(execFileSync(process.execPath, [join(pkg, 'native', 'build-helpers', 'install.cjs')], { cwd: pkg, env, encoding: 'utf8' })).toBe('');
    expect(existsSync(join(work, 'called'))).toBe(false);
  });
});
