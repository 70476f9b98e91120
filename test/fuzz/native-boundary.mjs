// Drives malformed calls against the N-API boundary (run as a child process by reliability.test.ts, so a
// crash shows as a dead child, not a dead test runner). Each call must throw an Error with an ERR_ code,
// and the model must still give its reference output afterwards. Prints a JSON summary.
import fc from 'fast-check';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const addon = process.env.WGAN_GP_NATIVE ? require(process.env.WGAN_GP_NATIVE) : require('node-gyp-build')(new URL('../..', import.meta.url).pathname);
const runs = Number(process.argv[2] ?? 400);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);

const criticSpec = { inputShape: [1, 6, 6], layers: [{ type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same' }, { type: 'leakyRelu', alpha: 0.2 }, { type: 'flatten' }, { type: 'dense', units: 1 }] };
const generatorSpec = { inputShape: [4], layers: [{ type: 'dense', units: 36 }, { type: 'batchNorm' }, { type: 'reshape', targetShape: [1, 6, 6] }, { type: 'tanh' }] };
const critic = new addon.NativeModel(criticSpec, { seed: 1 });
const generator = new addon.NativeModel(generatorSpec, { seed: 2 });
const classifier = new addon.NativeModel({ inputShape: [1, 6, 6], layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }] }, { seed: 3 });
const probe = Float32Array.from({ length: 2 * 36 }, (_, i) => Math.sin(i));
let reference = critic.predict(probe, 2, false);
const checkStillWorks = () => {
  const out = critic.predict(probe, 2, false);
  if (out.length !== reference.length || out.some((v, i) => v !== reference[i])) throw new Error('the model changed or broke after a rejected call');
};

// Values of every kind, the malformed ones weighted up.
const anyValue = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 80 }), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, NaN, Infinity, -Infinity, 0.5, 1e-300),
  fc.bigInt(), fc.array(fc.double(), { maxLength: 6 }),
  fc.integer({ min: 0, max: 100 }).map((n) => new Float32Array(n)),
  fc.integer({ min: 0, max: 80 }).map((n) => Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? NaN : i % 11 === 5 ? Infinity : i / 10))),
  fc.integer({ min: 0, max: 80 }).map((n) => new Float64Array(n)),
  fc.integer({ min: 0, max: 80 }).map((n) => new Uint8Array(n)),
  fc.array(fc.integer({ min: -2, max: 4 }), { maxLength: 6 }).map((a) => Int32Array.from(a)),
  fc.constant(new Float32Array(0)), fc.constant(critic), fc.constant(generator), fc.constant({}), fc.constant(() => 1),
  fc.dictionary(fc.constantFrom('lr', 'beta1', 'beta2', 'epsilon', 'm', 'v', 'step', 'bogus'), fc.oneof(fc.double(), fc.constant(new Float32Array(3)), fc.string()), { maxKeys: 4 }),
);
const dim = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, 2 ** 20, 2 ** 21, 2 ** 31, 1.5, NaN, Infinity), fc.string({ maxLength: 3 }));
const layer = fc.oneof(
  fc.record({ type: fc.constantFrom('dense'), units: dim }),
  fc.record({ type: fc.constantFrom('conv2d', 'conv2dTranspose'), filters: dim, kernelSize: fc.oneof(dim, fc.tuple(dim, dim)), strides: dim, padding: fc.oneof(fc.constantFrom('same', 'valid', 'full'), dim) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('crop2d'), cropping: fc.oneof(dim, fc.tuple(dim, dim), fc.tuple(fc.tuple(dim, dim), fc.tuple(dim, dim))) }),
  fc.record({ type: fc.constant('reshape'), targetShape: fc.array(dim, { maxLength: 4 }) }),
  fc.record({ type: fc.constantFrom('flatten', 'relu', 'tanh', 'sigmoid', 'layerNorm', 'batchNorm', 'softmax', 'Dense', '') }),
  fc.record({ type: fc.constant('leakyRelu'), alpha: fc.oneof(fc.double(), fc.string()) }),
  fc.record({ type: fc.constant('dense'), units: fc.constant(3), extra: anyValue }),
  anyValue,
);
const spec = fc.oneof(
  fc.record({ inputShape: fc.oneof(fc.array(dim, { maxLength: 4 }), anyValue), layers: fc.oneof(fc.array(layer, { maxLength: 5 }), anyValue) }),
  fc.record({ inputShape: fc.constant([1, 6, 6]), layers: fc.array(layer, { minLength: 1, maxLength: 4 }) }),
  anyValue,
);
const methods = ['describe', 'getParams', 'setParams', 'getState', 'setState', 'getGrads', 'predict', 'criticLossAndGrads', 'generatorLossAndGrads', 'classifierLossAndGrads', 'adamStep', 'getAdamState', 'setAdamState', 'layerOps'];
const call = fc.record({ target: fc.constantFrom('critic', 'generator', 'classifier'), method: fc.constantFrom(...methods), args: fc.array(anyValue, { maxLength: 5 }) });

const counts = { constructed: 0, rejected: 0, accepted: 0, total: 0 };
/** Runs fn; true when it was accepted, false when it threw a typed error. */
const expectTypedError = (fn) => {
  counts.total++;
  try {
    fn();
    counts.accepted++;
    return true;
  } catch (error) {
    if (!(error instanceof Error) || typeof error.code !== 'string' || !error.code.startsWith('ERR_') || !error.message)
      throw new Error(`an untyped error: ${error?.stack ?? error}`);
    counts.rejected++;
    return false;
  }
};

fc.assert(
  fc.property(spec, fc.option(anyValue), (s, options) => {
    expectTypedError(() => {
      const m = new addon.NativeModel(s, options ?? undefined);
      counts.constructed++;
      m.dispose();
    });
  }),
  { numRuns: runs, seed },
);
fc.assert(
  fc.property(call, ({ target, method, args }) => {
    const model = { critic, generator, classifier }[target];
    const accepted = expectTypedError(() => model[method](...args));
    // A well-formed call that changes the model (random arguments can be valid) sets a new reference.
    if (accepted && ['setParams', 'setState', 'adamStep', 'setAdamState'].includes(method)) reference = critic.predict(probe, 2, false);
    else checkStillWorks();
  }),
  { numRuns: runs, seed },
);
// (x, batch) with x sized for some batch of the model's input, sometimes holding a NaN.
const nearlyValidBatch = fc.record({ rows: fc.integer({ min: 0, max: 3 }), batch: fc.integer({ min: -1, max: 4 }), nan: fc.boolean() }).map(
  ({ rows, batch, nan }) => (inSize) => [Float32Array.from({ length: rows * inSize }, (_, i) => (nan && i === 1 ? NaN : Math.cos(i))), batch],
);
// predictAsync: a malformed call throws at once; a well-formed one settles with the output of predict.
await fc.assert(
  fc.asyncProperty(fc.constantFrom('critic', 'generator', 'classifier'), fc.oneof(fc.array(anyValue, { maxLength: 3 }), nearlyValidBatch), async (target, args) => {
    const model = { critic, generator, classifier }[target];
    if (typeof args === 'function') args = args(target === 'generator' ? 4 : 36);
    let pending;
    if (!expectTypedError(() => (pending = model.predictAsync(...args)))) return checkStillWorks();
    const out = await pending;
    const expected = model.predict(args[0], args[1], false);
    if (!(out instanceof Float32Array) || out.length !== expected.length || out.some((v, i) => !Object.is(v, expected[i])))
      throw new Error(`predictAsync disagrees with predict on ${target}`);
    checkStillWorks();
  }),
  { numRuns: runs, seed },
);
// Disposed models and models in the wrong role.
const gone = new addon.NativeModel(criticSpec);
gone.dispose();
for (const m of [...methods, 'predictAsync']) expectTypedError(() => gone[m](probe, 2));
expectTypedError(() => new addon.NativeTrainer(generator, gone, { batch: 2, criticIters: 5, lambda: 10, seed: 1, adamG: {}, adamD: {} }));
expectTypedError(() => new addon.NativeTrainer(critic, critic, { batch: 2 }));
expectTypedError(() => addon.setThreads(0));
expectTypedError(() => addon.setThreads('2'));
checkStillWorks();
console.log(JSON.stringify({ seed, ...counts }));
