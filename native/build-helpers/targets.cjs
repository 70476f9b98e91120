// The one home of what each architecture's binary is compiled for, read by CMakeLists.txt, binding.gyp,
// the prebuild script and blas.cjs:
//   triplet      Debian's multiarch name: the folder of its libraries, the prefix of its cross compilers
//   cpuFeatures  instruction-set extensions the compiler may use beyond the architecture's baseline, named
//                as /proc/cpuinfo names them (x86-64: gcc's -m<name> each). The binary records them (addon.cpp)
//                so that the loader can name a missing one instead of dying of "Illegal instruction".
//   toolchain    the CMake toolchain file that cross-compiles for it on an x86-64 machine (the prebuilds are
//                all made on one)
// `node targets.cjs flags|define|triplet [arch]` prints one of them (arch as Node names it, default this
// machine's); with WGAN_GP_NATIVE_ARCH=OFF in the environment the extensions are left out.
const path = require('path');

const targets = {
  // x86-64-v3's vector part: AVX2 with FMA and half-float conversion (Haswell, 2013, and later)
  x64: { triplet: 'x86_64-linux-gnu', cpuFeatures: ['avx2', 'fma', 'f16c'] },
  // armv8-a: NEON (asimd) is part of the baseline, so nothing beyond it
  arm64: { triplet: 'aarch64-linux-gnu', cpuFeatures: [], toolchain: 'aarch64-linux-gnu.cmake' },
};

/** The target of `arch`, or undefined where no prebuild is made (a source build then uses no extensions). */
function target(arch = process.arch) {
  return Object.hasOwn(targets, arch) ? targets[arch] : undefined;
}

function cpuFeatures(arch) {
  return process.env.WGAN_GP_NATIVE_ARCH === 'OFF' ? [] : (target(arch)?.cpuFeatures ?? []);
}

function toolchainFile(arch) {
  const file = target(arch)?.toolchain;
  return file && path.join(__dirname, file);
}

module.exports = { targets, target, cpuFeatures, toolchainFile };

if (require.main === module) {
  const [what, arch = process.arch] = process.argv.slice(2);
  const print = {
    flags: () => (arch === 'x64' ? cpuFeatures(arch).map((f) => `-m${f}`).join(' ') : ''),
    define: () => `WGAN_GP_CPU_FEATURES=${cpuFeatures(arch).join(',')}`,
    triplet: () => target(arch)?.triplet ?? '',
  }[what];
  if (!print) {
    console.error(`usage: node targets.cjs flags|define|triplet [arch] (got ${what})`);
    process.exit(2);
  }
  console.log(print());
}
