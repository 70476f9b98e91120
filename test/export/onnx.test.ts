/** The ONNX export against onnxruntime-node: the same z through onnxruntime and through predict agree
 *  within 1e-4 per value, for every generator preset and for every layer kind and geometry. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportGenerator } from '../../lib/export/index.js';
import { generatorGraph } from '../../lib/export/graph.js';
import { generatorToOnnx } from '../../lib/export/onnx/write.js';
import { LAYER_SPEC_KEYS, type ModelSpec } from '../../lib/layers.js';
import { ONNX_LAYERS } from '../../lib/export/onnx/layers/index.js';
import { WEB_LAYERS } from '../../lib/web/layers/index.js';
import { PRESETS } from '../../lib/presets/index.js';
import { loadCheckpointModels } from '../../lib/sample.js';
import { resolveCheckpoint } from '../../lib/eval/evaluate.js';
import type { Sequential } from '../../lib/sequential.js';
import { freshSeed, makeRandom } from '../helpers.js';
import { ALL_LAYERS, cifarResnetGenerator, LABEL_LAYERS, ODD_GEOMETRY, randomModel, RESNET_LAYERS, trainedRun } from './fixture.js';

/** A conditional generator's graph has a second input `label` [N] (int64); the same labels go to predict. */
async function maxDifference(onnx: Uint8Array, model: Sequential, n: number, seed: number) {
  const session = await ort.InferenceSession.create(onnx);
  const rnd = makeRandom(seed);
  const z = rnd.array(n * model.inputSize, -2, 2), labels = model.labelClasses ? rnd.labels(n, model.labelClasses) : undefined;
  expect(session.inputNames).toEqual(labels ? ['z', 'label'] : ['z']);
  const feeds = { z: new ort.Tensor('float32', z, [n, model.inputSize]), ...(labels ? { label: new ort.Tensor('int64', BigInt64Array.from(labels, BigInt), [n]) } : {}) };
  const out = (await session.run(feeds)).samples;
  expect(out.dims).toEqual([n, ...model.outputShape]);
  const ref = model.predict(z, n, labels ? { labels } : {}), got = out.data as Float32Array;
  let max = 0;
  for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i] - got[i]));
  return max;
}

// One model per distinct architecture (mnist and fashion-mnist share one, as do cifar and images32).
const presetArchitectures = new Map<string, ModelSpec>();
for (const [name, preset] of Object.entries(PRESETS)) {
  const key = JSON.stringify(preset.generator);
  if (![...presetArchitectures.values()].some((spec) => JSON.stringify(spec) === key)) presetArchitectures.set(name, preset.generator);
}

describe('ONNX export', () => {
  const seed = freshSeed();
  it.each([...presetArchitectures.keys()])(`preset %s: onnxruntime equals predict within 1e-4 (seed ${seed})`, async (name) => {
    const model = randomModel(presetArchitectures.get(name)!, seed);
    try {
      expect(await maxDifference(generatorToOnnx(generatorGraph(model)), model, 4, seed)).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it.each([
    ['every layer kind', ALL_LAYERS],
    ['odd geometries', ODD_GEOMETRY],
    ['the ResNet kinds, nested residual blocks', RESNET_LAYERS],
    ['the label-reading kinds (a label input)', LABEL_LAYERS],
    ['a cifar-resnet generator (C = 8)', cifarResnetGenerator(8)],
  ] as const)(`%s: onnxruntime equals predict within 1e-4 (seed ${seed})`, async (_name, spec) => {
    const model = randomModel(spec, seed);
    try {
      expect(await maxDifference(generatorToOnnx(generatorGraph(model)), model, 5, seed)).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it('a layer kind without an ONNX unit is an ERR_UNSUPPORTED naming the layer and the format', () => {
    const model = randomModel(PRESETS['toy-8gaussians-fast'].generator, 1);
    try {
      const graph = generatorGraph(model);
      graph.layers[1] = { ...graph.layers[1], spec: { type: 'gelu' } as never };
      expect(() => generatorToOnnx(graph)).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(/layers\[1\] \(gelu\) cannot be exported to onnx/) }));
    } finally {
      model.dispose();
    }
  });

  it('inside a residual block, the error names the layer by its path', () => {
    const model = randomModel(RESNET_LAYERS, 1);
    const unit = ONNX_LAYERS.leakyRelu;
    try {
      delete ONNX_LAYERS.leakyRelu;
      expect(() => generatorToOnnx(generatorGraph(model))).toThrow(
        expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(/^layers\[3\]\.body\[3\]\.body\[1\] \(leakyRelu\) cannot be exported to onnx/) }),
      );
    } finally {
      ONNX_LAYERS.leakyRelu = unit;
      model.dispose();
    }
  });

  it('both exporters have a unit for every layer kind of lib/layers.ts', () => {
    const kinds = Object.keys(LAYER_SPEC_KEYS).sort();
    expect(Object.keys(ONNX_LAYERS).sort()).toEqual(kinds);
    expect(Object.keys(WEB_LAYERS).sort()).toEqual(kinds);
  });

  describe('from a checkpoint', () => {
    let run: string;
    beforeAll(async () => {
      run = await trainedRun();
    });

    it('exportGenerator(run folder) writes a model that runs the trained generator', async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'wgan-onnx-')), 'g.onnx');
      const result = await exportGenerator(run, { format: 'onnx', out });
      expect(result).toMatchObject({ format: 'onnx', iteration: 2, files: [out] });
      const models = loadCheckpointModels(resolveCheckpoint(run));
      try {
        const { readFileSync } = await import('node:fs');
        expect(await maxDifference(readFileSync(out), models.generator, 6, seed)).toBeLessThan(1e-4);
        const session = await ort.InferenceSession.create(out);
        expect(session.inputNames).toEqual(['z']);
        expect(session.outputNames).toEqual(['samples']);
      } finally {
        models.dispose();
      }
    });

    it('bad input is a typed error: missing, corrupt, not a checkpoint, other tensors, bad options', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wgan-onnx-bad-'));
      const out = join(dir, 'g.onnx');
      const corrupt = join(dir, 'corrupt.safetensors');
      writeFileSync(corrupt, Buffer.from('not a safetensors file at all'));
      const code = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: { code: string; message: string }) => `${e.code}: ${e.message}`);
      expect(await code(exportGenerator(join(dir, 'missing'), { format: 'onnx', out }))).toMatch(/^ERR_CHECKPOINT: .*missing does not exist/);
      expect(await code(exportGenerator(corrupt, { format: 'onnx', out }))).toMatch(/^ERR_CHECKPOINT: .*corrupt\.safetensors/);
      expect(await code(exportGenerator('models/mnist-classifier.safetensors', { format: 'onnx', out }))).toMatch(/^ERR_CHECKPOINT: .*not a wgan-gp checkpoint/);
      expect(await code(exportGenerator(run, { format: 'onnx', out, generatorTensors: 'generator_ema' }))).toMatch(/^ERR_CHECKPOINT: .*no 'generator_ema\.\*' tensors/);
      expect(await code(exportGenerator(run, { format: 'onnx', out, half: true }))).toMatch(/^ERR_INVALID_ARGUMENT: .*half applies to format web/);
      expect(await code(exportGenerator(run, { format: 'tflite' as 'onnx', out }))).toMatch(/^ERR_INVALID_ARGUMENT: .*format/);
      expect(await code(exportGenerator(run, { format: 'onnx', out, opset: 11 } as never))).toMatch(/^ERR_INVALID_ARGUMENT: .*opset/);
      expect(await code(exportGenerator(run, { format: 'onnx', out: dir }))).toMatch(/^ERR_INVALID_ARGUMENT: .*is a folder/);
      expect(existsSync(out)).toBe(false);
    });
  });
});
