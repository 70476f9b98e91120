#!/usr/bin/env node
// prebuildify drives node-gyp; `prebuildify --node-gyp native/prebuild-cmake.cjs` runs this instead, so the
// prebuilt binary is the CMake build: the same sources plus the CUDA part when nvcc
// is found. node-gyp's arguments (target, devdir, arch) do not apply to cmake-js and are ignored.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const debug = process.argv.includes('--debug') ? ['--debug'] : [];
const result = spawnSync(process.execPath, [cmakeJs, 'rebuild', '--out', 'build', ...debug], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
