// Where OpenBLAS is looked for, written once: CMakeLists.txt asks `node blas.cjs library <arch>`, binding.gyp
// asks `libraries` and `defines` (this machine's architecture). The static library comes first (a
// self-contained .node), else the shared one; none found: nothing is printed and the built-in GEMM is used.
// WGAN_GP_NO_OPENBLAS=1 in the environment skips OpenBLAS for binding.gyp (CMake: -DWGAN_GP_OPENBLAS=OFF).
const fs = require('fs');
const { target } = require('./targets.cjs');

function openblasLibrary(arch = process.arch) {
  const triplet = target(arch)?.triplet;
  const dirs = [
    ...(triplet ? [`/usr/lib/${triplet}/openblas-pthread`, `/usr/lib/${triplet}`] : []),
    // a hand-built OpenBLAS belongs to this machine, not to a cross target
    ...(arch === process.arch ? ['/usr/local/lib', '/opt/OpenBLAS/lib'] : []),
  ];
  const candidates = ['libopenblas.a', 'libopenblas.so'].flatMap((name) => dirs.map((dir) => `${dir}/${name}`));
  return candidates.find((file) => fs.existsSync(file));
}

module.exports = { openblasLibrary };

if (require.main === module) {
  const [what, arch] = process.argv.slice(2);
  const found = what === 'library' || !process.env.WGAN_GP_NO_OPENBLAS ? openblasLibrary(arch) : undefined;
  if (found && what === 'library') console.log(found);
  if (found && what === 'libraries') console.log(`${found} -lpthread`);
  if (found && what === 'defines') console.log('WGAN_HAVE_CBLAS');
}
