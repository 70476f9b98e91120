// Which wgan-gp binary a copy of the package loads, and where it came from: a local build (build/Release,
// which node-gyp-build prefers) or a prebuild matching this platform (prebuilds/<platform>-<arch>/).
// Used by install.cjs and lib/native.ts.
const fs = require('fs');
const path = require('path');

/** { path, origin: 'built from source' | 'prebuilt' }; throws node-gyp-build's error where none matches. */
function locateBinary(root) {
  const file = require('node-gyp-build').path(root);
  const origin = path.relative(root, file).split(path.sep)[0] === 'prebuilds' ? 'prebuilt' : 'built from source';
  return { path: file, origin };
}

/** The prebuilt binaries this copy holds, as "linux-x64/wgan-gp.glibc.node" (none in a clone). */
function prebuiltBinaries(root) {
  const dir = path.join(root, 'prebuilds');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((platform) => fs.readdirSync(path.join(dir, platform)).map((file) => `${platform}/${file}`));
}

module.exports = { locateBinary, prebuiltBinaries };
