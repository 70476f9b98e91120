// Memory soak (run with --expose-gc by reliability.test.ts): RSS across thousands of training steps, and
// across thousands of models created and disposed, or dropped and left to the garbage collector.
import { Sequential, train } from '../../dist/index.js';

const rssMB = () => {
  globalThis.gc();
  return process.memoryUsage().rss / 2 ** 20;
};
const spec = { inputShape: [1, 8, 8], layers: [{ type: 'conv2d', filters: 16, kernelSize: 3, strides: 2, padding: 'same' }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'flatten' }, { type: 'dense', units: 1 }] };

const steps = Number(process.argv[2] ?? 2000);
const run = train({ preset: 'toy-8gaussians', iterations: steps, batchSize: 8, sampleEvery: steps, seed: 1 });
const trainingRss = [];
run.on('progress', (e) => e.iteration % 500 === 0 && trainingRss.push(rssMB()));
await run.result;

const churn = (count, dispose) => {
  for (let i = 0; i < count; i++) {
    const m = new Sequential(spec, { seed: i });
    m.predict(new Float32Array(4 * 64), 4);
    if (dispose) m.dispose();
  }
};
churn(200, true);
const beforeDispose = rssMB();
churn(1500, true);
const afterDispose = rssMB();
// Models dropped without dispose() are freed when the collector finalizes them, so RSS first climbs to the
// high-water mark of the garbage alive between collections (the allocator keeps what it freed: 10–27 MB, by the
// machine), then stays there; a leak keeps growing. So the rounds after a warm-up are measured.
async function dropModels(rounds) {
  for (let round = 0; round < rounds; round++) {
    churn(300, false);
    await new Promise((r) => setTimeout(r, 20)); // let finalizers run
  }
}
await dropModels(5);
const beforeGc = rssMB();
await dropModels(10);
const afterGc = rssMB();
console.log(JSON.stringify({ steps, trainingRss, beforeDispose, afterDispose, beforeGc, afterGc }));
