// `npm install` of wgan-gp: nothing to do when a prebuilt binary matches (prebuilds/, found by
// node-gyp-build); otherwise build from source: with cmake-js where it is installed and CMake is on PATH
// (a development clone; CUDA too when nvcc is found), else with the node-gyp that npm bundles
// (binding.gyp, CPU backend). npm may skip this script; the prebuilt path does not need it.
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
try {
  require('node-gyp-build').path(root);
  process.exit(0);
} catch {
  // no binary yet: build one
}

const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
const has = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
} catch {
  cmakeJs = undefined;
}
console.log('wgan-gp: no prebuilt binary for this platform; building from source');
const ok =
  cmakeJs && has('cmake')
    ? run(process.execPath, [cmakeJs, 'compile', '--out', 'build'])
    : process.env.npm_config_node_gyp
      ? run(process.execPath, [process.env.npm_config_node_gyp, 'rebuild'])
      : run('node-gyp', ['rebuild']);
if (!ok) {
  console.error('wgan-gp: the source build failed. It needs python3, make and a C++17 compiler (and, for fast GEMM, libopenblas-dev).');
  process.exit(1);
}
