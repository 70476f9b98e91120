// Run by another binary of wgan-gp than the tests' own (the linux-arm64 prebuild under qemu, a source build),
// from an app folder where the packed package is installed: reads what test/platform/subset.ts made
// (argv[2]), runs it through the installed package's public API and writes the results (argv[3]) for the
// test to check against the oracle and the x64 binary. Plain JavaScript: the arm64 node runs no TypeScript.
import { readFileSync, writeFileSync } from 'node:fs';
import { Sequential, train } from 'wgan-gp';
import { replacer, reviver } from './f32-json.mjs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'), reviver);
const model = (spec, params) => {
  const m = new Sequential(spec);
  m.setParameters(params);
  return m;
};

const layers = input.layers.map(({ spec, inShape, n, params, x, gy, v }) =>
  model({ inputShape: inShape, layers: [spec] }, params).native.layerOps(0, x, gy, v, n),
);
const critics = input.critics.map(({ spec, params, real, fake, epsilon, lambda }) =>
  model(spec, params).native.criticLossAndGrads(real, fake, epsilon, lambda),
);
const progress = [];
const run = train({ ...input.training, outDir: 'run' });
run.on('progress', (e) => progress.push(e));
const result = await run.result;

writeFileSync(process.argv[3], JSON.stringify({ layers, critics, training: { progress, result } }, replacer));
