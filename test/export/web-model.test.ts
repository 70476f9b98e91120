/** The browser sampler's layers, run in Node: the same z through lib/web and through predict agree; the
 *  half-precision format, the seeds' latent points, and what the page refuses to run. */
import { describe, expect, it } from 'vitest';
import { generatorGraph } from '../../lib/export/graph.js';
import { webModel } from '../../lib/export/web/write.js';
import { PRESETS } from '../../lib/presets/index.js';
import type { Sequential } from '../../lib/sequential.js';
import { decodeFloat16, encodeFloat16 } from '../../lib/web/float16.js';
import { loadGenerator, WebGenerator } from '../../lib/web/generator.js';
import { interpolation, latentForSeed, latentsForSeeds, slerp } from '../../lib/web/latent.js';
import { freshSeed, makeRandom } from '../helpers.js';
import { ALL_LAYERS, cifarResnetGenerator, LABEL_LAYERS, ODD_GEOMETRY, randomModel, RESNET_LAYERS } from './fixture.js';

const info = { title: 't', dataset: 'mnist', iteration: 0, range: [0, 1] as [number, number] };

function webGenerator(model: Sequential, half = false) {
  const { description, weights } = webModel(generatorGraph(model), { ...info, half });
  return new WebGenerator(JSON.parse(JSON.stringify(description)), weights.slice().buffer);
}

function maxDifference(a: Float32Array, b: Float32Array) {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('web sampler layers (plain JavaScript)', () => {
  const seed = freshSeed();
  const models = {
    'every layer kind': ALL_LAYERS,
    'odd geometries': ODD_GEOMETRY,
    'toy-8gaussians': PRESETS['toy-8gaussians'].generator,
    'mnist-fast': PRESETS['mnist-fast'].generator,
    mnist: PRESETS.mnist.generator,
    cifar: PRESETS.cifar.generator,
    'the ResNet kinds, nested residual blocks': RESNET_LAYERS,
    'a cifar-resnet generator (C = 8)': cifarResnetGenerator(8),
    'the label-reading kinds': LABEL_LAYERS,
    'mnist-conditional': PRESETS['mnist-conditional'].generator,
  };
  it.each(Object.keys(models) as (keyof typeof models)[])(`%s: equals predict within 1e-4 (seed ${seed})`, async (name) => {
    const model = randomModel(models[name], seed);
    try {
      const n = name === 'cifar' ? 1 : 3;
      const rnd = makeRandom(seed);
      const z = rnd.array(n * model.inputSize, -2, 2), labels = model.labelClasses ? rnd.labels(n, model.labelClasses) : undefined;
      const web = webGenerator(model);
      expect(web.classes?.count ?? 0).toBe(model.labelClasses);
      expect(maxDifference(await web.generate(z, { labels }), model.predict(z, n, labels ? { labels } : {}))).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });

  it(`float16 weights: equal predict with the same rounded weights within 1e-4, and differ from float32 (seed ${seed})`, async () => {
    const model = randomModel(ALL_LAYERS, seed);
    try {
      const z = makeRandom(seed).array(4 * model.inputSize, -2, 2);
      const full = model.predict(z, 4);
      const rounded = Object.fromEntries(Object.entries(model.parameters()).map(([k, t]) => [k, decodeFloat16(encodeFloat16(t.data))]));
      const half = webGenerator(model, true);
      model.setParameters(rounded);
      const page = await half.generate(z);
      expect(maxDifference(page, model.predict(z, 4))).toBeLessThan(1e-4);
      expect(maxDifference(page, full)).toBeGreaterThan(1e-6); // the rounding is real
    } finally {
      model.dispose();
    }
  });

  it('float16 encoding rounds to nearest even, keeps subnormals, overflows to infinity', () => {
    const values = Float32Array.from([0, -0, 1, -2, 0.1, 65504, 65520, 1e6, 2 ** -24, 2 ** -25, 2 ** -25 * 1.5, 6e-8, 1 + 2 ** -11, 1 + 3 * 2 ** -11, Infinity, NaN]);
    const bits = Array.from(encodeFloat16(values), (b) => b.toString(16));
    expect(bits).toEqual(['0', '8000', '3c00', 'c000', '2e66', '7bff', '7c00', '7c00', '1', '0', '1', '1', '3c00', '3c02', '7c00', '7e00']);
    expect(Array.from(decodeFloat16(Uint16Array.from([0x3c00, 0xc000, 0x2e66, 0x7bff, 0x0001, 0x03ff, 0x7c00])))).toEqual([1, -2, Math.fround(0.0999755859375), 65504, 2 ** -24, 1023 * 2 ** -24, Infinity]);
  });

  it('latent points: one per seed, reproducible, standard normal; the arc ends exactly at both seeds', () => {
    expect(latentForSeed(7, 64)).toEqual(latentForSeed(7, 64));
    expect(latentForSeed(7, 64)).not.toEqual(latentForSeed(8, 64));
    expect(latentsForSeeds([3, 9], 5)).toEqual(Float32Array.from([...latentForSeed(3, 5), ...latentForSeed(9, 5)]));
    const z = latentsForSeeds(Array.from({ length: 200 }, (_, i) => i), 100);
    const mean = z.reduce((s, v) => s + v, 0) / z.length, variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const a = latentForSeed(1, 128), b = latentForSeed(2, 128);
    const path = interpolation(a, b, 5);
    expect(path.subarray(0, 128)).toEqual(a);
    expect(path.subarray(4 * 128)).toEqual(b);
    const norm = (v: Float32Array) => Math.hypot(...v);
    // the arc keeps the norm of Gaussian noise, the straight line's midpoint would be ~1/sqrt(2) as long
    expect(norm(slerp(a, b, 0.5)) / ((norm(a) + norm(b)) / 2)).toBeGreaterThan(0.97);
    expect(() => latentForSeed(-1, 3)).toThrow(/seed/);
  });
});

describe('conditional generators in the page', () => {
  it("model.json names the classes (the run's, else numbers); a sample needs a class in range", () => {
    const model = randomModel(LABEL_LAYERS, 4);
    try {
      const graph = generatorGraph(model);
      expect(webModel(graph, { ...info, half: false, classNames: ['cat', 'dog', 'owl'] }).description.classes).toEqual({ count: 3, names: ['cat', 'dog', 'owl'] });
      const web = webGenerator(model);
      expect(web.classes).toEqual({ count: 3, names: ['0', '1', '2'] });
      const z = new Float32Array(6);
      expect(() => web.sampleOne(z)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/conditional \(3 classes\)/) }));
      expect(() => web.sampleOne(z, 3)).toThrow(/label 3 is not a class in \[0, 2\]/);
      expect(maxDifference(web.sampleOne(z, 2), model.predict(z, 1, { labels: Int32Array.of(2) }))).toBeLessThan(1e-4);
      expect(maxDifference(web.sampleOne(z, 2), web.sampleOne(z, 1))).toBeGreaterThan(1e-3); // the class matters
    } finally {
      model.dispose();
    }
  });
});

describe('backends in Node', () => {
  it('a WebGenerator runs JavaScript until useWebGpu finds a device (Node has none, and says so); loadGenerator takes auto or js', async () => {
    const model = randomModel(PRESETS['toy-8gaussians-fast'].generator, 5);
    try {
      const web = webGenerator(model);
      expect([web.backend, web.backendNote]).toEqual(['js', 'WebGPU was not tried']);
      expect(await web.useWebGpu()).toBe('js');
      expect(web.backendNote).toBe('this browser has no WebGPU');
      const z = makeRandom(5).array(4, -2, 2);
      expect(maxDifference(await web.generate(z), model.predict(z, 2))).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
    await expect(loadGenerator('model.json', { backend: 'webgl' as never })).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: `backend must be 'auto' or 'js', got "webgl"` }),
    );
  });
});

describe('what the page refuses to run', () => {
  const model = randomModel(PRESETS['mnist-fast'].generator, 2);
  const { description, weights } = webModel(generatorGraph(model), { ...info, half: false });
  model.dispose();
  const make = (edit: (d: typeof description) => void, bytes = weights) => {
    const d = JSON.parse(JSON.stringify(description));
    edit(d);
    return () => new WebGenerator(d, bytes.slice().buffer);
  };
  it('weights of another size', () => {
    expect(make(() => {}, weights.subarray(0, weights.length - 4))).toThrow(/weights\.bin has \d+ bytes but model\.json describes .* the weights do not belong to this model/);
  });
  it('a tensor of another shape, a layer that gives another shape, an unknown layer, another format', () => {
    expect(make((d) => (d.layers[0].tensors[0].shape = [4096, 64]))).toThrow(/layers\[0\] \(dense\): tensor weight must have shape \[2048,128\], model\.json has \[4096,64\]/);
    expect(make((d) => (d.layers[3].spec.filters = 32))).toThrow(/layers\[3\] \(conv2dTranspose\): output shape \[64,8,8\] in model\.json, but the layer gives \[32,8,8\]/);
    expect(make((d) => (d.layers[1].spec = { type: 'gelu' }))).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(/layers\[1\] \(gelu\): this sampler cannot run layer type 'gelu'/) }));
    expect(make((d) => ((d as { format: string }).format = 'tfjs'))).toThrow(/not a wgan-gp web model/);
    expect(make((d) => delete (d as Partial<typeof d>).layers)).toThrow(/model\.json lacks layers/);
  });
  it('the exporter refuses a layer without a web unit, naming it and the format', () => {
    const m = randomModel(PRESETS['toy-8gaussians-fast'].generator, 1);
    const graph = generatorGraph(m);
    m.dispose();
    graph.layers[3] = { ...graph.layers[3], spec: { type: 'gelu' } as never };
    expect(() => webModel(graph, { ...info, half: false })).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(/layers\[3\] \(gelu\) cannot be exported to web/) }));
  });
  it('inside a residual block: a layer kind it cannot run, branches that end in different shapes, a missing branch tensor', () => {
    const m = randomModel(RESNET_LAYERS, 3);
    const nested = webModel(generatorGraph(m), { ...info, half: false });
    m.dispose();
    const run = (edit: (d: typeof description) => void) => {
      const d = JSON.parse(JSON.stringify(nested.description));
      edit(d);
      return () => new WebGenerator(d, nested.weights.slice().buffer);
    };
    expect(run((d) => (d.layers[3].spec.body[3].body[1] = { type: 'gelu' }))).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(/^layers\[3\] \(residual\): body\[3\] \(residual\): body\[1\] \(gelu\): this sampler cannot run layer type 'gelu'/) }),
    );
    expect(run((d) => (d.layers[3].spec.shortcut[0].filters = 4))).toThrow(/layers\[3\] \(residual\): residual: the body ends in \[8,8,8\] but the shortcut in \[4,8,8\]/);
    expect(run((d) => delete d.layers[7].spec.body)).toThrow(/layers\[7\] \(residual\): residual\.body must be a non-empty list of layers/);
    expect(run((d) => (d.layers[3].tensors = d.layers[3].tensors.filter((t: { name: string }) => t.name !== 'body.3.shortcut.0.bias')))).toThrow(
      /layers\[3\] \(residual\): tensor body\.3\.shortcut\.0\.bias must have shape \[8\], model\.json has none/,
    );
  });
});
