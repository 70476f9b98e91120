/** Child of the images64-packed benchmark: trains dcgan64 (mirror on) from a packed file, loaded or
 *  streamed, and prints one IterationLine per iteration (wall time between iterations). */
import { train } from '../train/trainer.js';
import type { IterationLine } from './timing.js';

const [file, storage, warmup, iterations, budgetMs, threads] = process.argv.slice(2);
const total = Number(warmup) + Number(iterations);
const run = train({
  preset: 'dcgan64',
  dataDir: file,
  mirror: true,
  memoryBudgetMB: storage === 'memory' ? 1e6 : 64,
  iterations: total,
  threads: Number(threads),
  sampleEvery: total + 1,
  checkpointEvery: total + 1,
});
const started = performance.now();
let last = started;
run.on('dataset', (r) => console.log(JSON.stringify({ note: `${r.images} images, ${r.storage}` })));
run.on('progress', (e) => {
  const now = performance.now();
  const line: IterationLine = { phase: e.iteration <= Number(warmup) ? 'warmup' : 'timed', ms: now - last, criticMs: e.criticStepMs, genMs: e.generatorStepMs, rssMB: process.resourceUsage().maxRSS / 1024 };
  last = now;
  console.log(JSON.stringify(line));
  if (now - started > Number(budgetMs)) run.abort();
});
run.result.catch((error: Error) => {
  if ((error as { code?: string }).code !== 'ERR_ABORTED') console.log(JSON.stringify({ error: error.message }));
});
