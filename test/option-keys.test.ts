/** An unknown option key of any public function is an InvalidArgumentError naming the key, not ignored. */
import { describe, expect, it } from 'vitest';
import { Adam, evaluate, InvalidArgumentError, sampleCheckpoint, Sequential, train, trainClassifier } from '../lib/index.js';

const spec = { inputShape: [2], layers: [{ type: 'dense' as const, units: 1 }] };

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectNamed(error: unknown, key: string) {
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as Error).message).toContain(key);
}

describe('unknown option keys', () => {
  const model = new Sequential(spec, { seed: 1 });
  const x = new Float32Array([1, 2, 3, 4]);
  const sync: [string, () => unknown, string][] = [
    ['new Sequential(spec, options)', () => new Sequential(spec, { threads: -3 } as never), 'threads'],
    ['new Sequential with a null options', () => new Sequential(spec, null as never), 'null'],
    ['the model spec', () => new Sequential({ ...spec, extra: 1 } as never), 'extra'],
    ['a layer spec', () => new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 1, bogus: 2 }] } as never), 'bogus'],
    ['predict(x, batch, options)', () => model.predict(x, 2, { trainning: true } as never), 'trainning'],
    ['criticLossAndGrads(input)', () => model.criticLossAndGrads({ real: x, fake: x, epsilon: new Float32Array(2), lambda: 10, gp: 1 } as never), 'gp'],
    ['generatorLossAndGrads(input)', () => model.generatorLossAndGrads({ z: x, batch: 2, critic: model, lr: 1 } as never), 'lr'],
    ['classifierLossAndGrads(input)', () => model.classifierLossAndGrads({ x, labels: new Int32Array(2), batch: 2, classes: 10 } as never), 'classes'],
    ['new Adam(model, options)', () => new Adam(model, { lr: 1e-3, betas: [0.5, 0.9] } as never), 'betas'],
    ['Adam.step(grads)', () => new Adam(model).step({ '0.weight': new Float32Array(2), '0.bias': new Float32Array(1), '1.weight': new Float32Array(2) }), '1.weight'],
    ['train(options)', () => train({ preset: 'toy-8gaussians', criticIter: 3 } as never), 'criticIter'],
  ];
  for (const [name, call, key] of sync) it(`${name} rejects '${key}'`, () => expectNamed(thrown(call), key));

  it('evaluate, sampleCheckpoint and trainClassifier reject an unknown key before any work', async () => {
    await expect(evaluate('no-such-run', { samples: 10 } as never)).rejects.toThrow(/unknown option 'samples'/);
    await expect(sampleCheckpoint('no-such.safetensors', { n: 2, count: 3 } as never)).rejects.toThrow(/unknown option 'count'/);
    const empty = { samples: new Float32Array(0), labels: new Uint8Array(0) };
    await expect(trainClassifier({ train: empty, test: empty }, { epoch: 1 } as never)).rejects.toThrow(/unknown option 'epoch'/);
  });

  it('known keys still work', () => {
    expect(new Adam(model, { lr: 1e-3 }).options.lr).toBe(1e-3);
    expect(model.predict(x, 2, { training: false })).toHaveLength(2);
  });
});
