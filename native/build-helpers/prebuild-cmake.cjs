#!/usr/bin/env node
// prebuildify drives node-gyp; `prebuildify --node-gyp native/build-helpers/prebuild-cmake.cjs` runs this
// instead, so the prebuilt binary is the CMake build: the same sources, plus the CUDA part when nvcc is found
// and the target is this machine's architecture. Of node-gyp's arguments only --arch and --debug apply: an
// --arch other than this machine's cross-compiles with that target's toolchain file (targets.cjs).
const { spawnSync } = require('child_process');
const path = require('path');
const { toolchainFile } = require('./targets.cjs');

const root = path.join(__dirname, '..', '..');
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const arch = process.argv.find((a) => a.startsWith('--arch='))?.slice('--arch='.length) ?? process.arch;
const cross = [];
if (arch !== process.arch) {
  const toolchain = toolchainFile(arch);
  if (!toolchain) {
    console.error(`wgan-gp: no toolchain to cross-compile for ${arch} on ${process.arch} (native/build-helpers/targets.cjs)`);
    process.exit(1);
  }
  cross.push(`--CDCMAKE_TOOLCHAIN_FILE=${toolchain}`);
}
const debug = process.argv.includes('--debug') ? ['--debug'] : [];
const result = spawnSync(process.execPath, [cmakeJs, 'rebuild', '--out', 'build', ...cross, ...debug], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
