#!/usr/bin/env node
// Reproduces the shipped classifier weights: node scripts/train-classifier.mjs [mnist|fashion-mnist] [out.safetensors]
// (after `npm run build`). Deterministic for a given seed and thread count; prints the test accuracy.
import { loadDataset } from '../dist/datasets/index.js';
import { classifierPath, trainClassifier, writeClassifier } from '../dist/eval/classifier.js';

const dataset = process.argv[2] ?? 'mnist';
const out = process.argv[3] ?? classifierPath(dataset);
const data = (await loadDataset(dataset)).labelled;
const started = Date.now();
const trained = await trainClassifier(data, {
  onEpoch: (e) =>
    console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, train accuracy ${(100 * e.trainAccuracy).toFixed(2)}%, test accuracy ${(100 * e.testAccuracy).toFixed(2)}%`),
});
await writeClassifier(out, dataset, trained);
console.log(`${dataset}: test accuracy ${(100 * trained.testAccuracy).toFixed(2)}% in ${((Date.now() - started) / 1000).toFixed(0)} s -> ${out}`);
