// `npm install` of wgan-gp: nothing to do when a binary that this CPU can run is there (a prebuild in
// prebuilds/, found by node-gyp-build); otherwise, or with --build-from-source, build from source: with
// cmake-js where it is installed and CMake is on PATH (a development clone; CUDA too when nvcc is found), else
// with the node-gyp that npm bundles (binding.gyp, CPU backend). npm may skip this script; the prebuilt path
// does not need it.
const { spawnSync } = require('child_process');
const path = require('path');
const { locateBinary, prebuiltBinaries } = require('./binary.cjs');
const { cpuFeatures, missingCpuFeatures } = require('./cpu-check.cjs');
const targets = require('./targets.cjs');

const root = path.join(__dirname, '..', '..');
const platform = `${process.platform}-${process.arch}`;

function usableBinary() {
  try {
    const binary = locateBinary(root).path;
    const missing = missingCpuFeatures(binary);
    if (!missing.length) return true;
    console.log(`wgan-gp: ${path.relative(root, binary)} needs the CPU features ${missing.join(', ')}, which this CPU lacks`);
  } catch {
    console.log(`wgan-gp: no prebuilt binary for ${platform}`);
  }
  return false;
}

if (!process.env.npm_config_build_from_source && usableBinary()) process.exit(0);

const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' }).status === 0;
const has = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

// A source build runs here: without the target's CPU features where this CPU lacks one.
const have = cpuFeatures();
const portable = have !== undefined && targets.cpuFeatures(process.arch).some((f) => !have.has(f));
let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
} catch {
  cmakeJs = undefined;
}
console.log(`wgan-gp: building from source for ${platform}${portable ? ' without CPU extensions' : ''}`);
const nodeGypEnv = portable ? { WGAN_GP_NATIVE_ARCH: 'OFF' } : {}; // read by targets.cjs for binding.gyp
const ok =
  cmakeJs && has('cmake')
    ? run(process.execPath, [cmakeJs, 'compile', '--out', 'build', ...(portable ? ['--CDWGAN_GP_NATIVE_ARCH=OFF'] : [])])
    : process.env.npm_config_node_gyp
      ? run(process.execPath, [process.env.npm_config_node_gyp, 'rebuild'], nodeGypEnv)
      : run('node-gyp', ['rebuild'], nodeGypEnv);
if (!ok) {
  console.error(
    `wgan-gp: the source build for ${platform} failed; prebuilt binaries: ${prebuiltBinaries(root).join(', ') || 'none in this copy'}. ` +
      'Building needs python3, make and a C++17 compiler (and, for fast GEMM, libopenblas-dev).',
  );
  process.exit(1);
}
