// Tells binding.gyp how to link OpenBLAS: `node native/blas.cjs libraries|defines` prints the static
// (else shared) library and WGAN_HAVE_CBLAS when one is found, nothing otherwise (built-in GEMM).
const fs = require('fs');
const candidates = [
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a',
  '/usr/lib/x86_64-linux-gnu/libopenblas.a',
  '/usr/local/lib/libopenblas.a',
  '/usr/lib/x86_64-linux-gnu/libopenblas.so',
];
const found = process.env.WGAN_GP_NO_OPENBLAS ? undefined : candidates.find((p) => fs.existsSync(p));
if (found && process.argv[2] === 'libraries') console.log(`${found} -lpthread`);
if (found && process.argv[2] === 'defines') console.log('WGAN_HAVE_CBLAS');
