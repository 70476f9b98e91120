/**
 * One home per fact: the limits, defaults and error codes that both sides of the binding need live in
 * the native core; TypeScript reads them (runtimeInfo().facts, .errorCodes) and these tests hold the
 * two sides together.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Adam, InvalidArgumentError, NATIVE_ERRORS, PRESETS, runtimeInfo, Sequential, WGAN_GP_ADAM, WganGpError } from '../lib/index.js';
import { fromNative } from '../lib/errors.js';
import { resolveOptions } from '../lib/train/options.js';

const repo = join(import.meta.dirname, '..');
const facts = runtimeInfo().facts;

describe('error codes', () => {
  it('every code the native side throws has its subclass, and no subclass is for a code it never throws', () => {
    expect(runtimeInfo().errorCodes).toContain('ERR_OUT_OF_MEMORY');
    expect(runtimeInfo().errorCodes).toContain('ERR_INTERNAL');
    expect(Object.keys(NATIVE_ERRORS).sort()).toEqual([...runtimeInfo().errorCodes].sort());
  });

  it('a native error becomes the subclass of its code, with its message', () => {
    for (const code of runtimeInfo().errorCodes) {
      const e = fromNative(Object.assign(new Error(`boom ${code}`), { code }));
      expect(e).toBeInstanceOf(NATIVE_ERRORS[code]);
      expect(e).toBeInstanceOf(WganGpError);
      expect(e).toMatchObject({ code, message: `boom ${code}`, name: NATIVE_ERRORS[code].name });
    }
  });

  it("README's list of error codes names every code of lib/errors.ts", () => {
    const codes = new Set(readFileSync(join(repo, 'lib', 'errors.ts'), 'utf8').match(/'ERR_[A-Z_]+'/g)!.map((c) => c.slice(1, -1)));
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) expect(section, code).toContain(`\`${code}\``);
  });
});

describe('facts read from the native core', () => {
  it("Adam's defaults are the paper's, read from the core as exact decimals", () => {
    expect(facts.adam).toEqual({ lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 });
    expect({ ...WGAN_GP_ADAM }).toEqual(facts.adam);
    const d = new Sequential({ inputShape: [2], layers: [{ type: 'dense', units: 1 }] });
    expect(new Adam(d).options).toEqual(facts.adam);
    expect(new Adam(d, { lr: 0.5 }).options).toEqual({ ...facts.adam, lr: 0.5 });
    d.dispose();
  });

  it('train() takes λ and Adam from the core where neither the options nor a preset give them', () => {
    const p = PRESETS['toy-swissroll'];
    const o = resolveOptions({ generator: p.generator, critic: p.critic, dataset: 'toy-swissroll' });
    expect(o).toMatchObject({ lambda: facts.lambda, lr: facts.adam.lr, beta1: facts.adam.beta1, beta2: facts.adam.beta2 });
    expect(facts.lambda).toBe(10);
    // The ACGAN weights of gan_cifar_resnet.py, for conditional runs.
    expect(o).toMatchObject({ acganScale: facts.acganScale, acganScaleG: facts.acganScaleG });
    expect([facts.acganScale, facts.acganScaleG]).toEqual([1, 0.1]);
    // A preset gives only what departs from the defaults: mnist-fast its rate, not its betas.
    expect(resolveOptions({ preset: 'mnist-fast' })).toMatchObject({ lr: 5e-4, beta1: facts.adam.beta1, beta2: facts.adam.beta2 });
  });

  it("the batch limit is the core's, in train() and in the binding alike", () => {
    expect(facts.maxBatch).toBe(65536);
    expect(resolveOptions({ preset: 'toy-8gaussians', batchSize: facts.maxBatch }).batchSize).toBe(facts.maxBatch);
    expect(() => resolveOptions({ preset: 'toy-8gaussians', batchSize: facts.maxBatch + 1 })).toThrow(new RegExp(`batchSize: must be at most ${facts.maxBatch}`));
    const d = new Sequential({ inputShape: [1], layers: [{ type: 'dense', units: 1 }] });
    expect(() => d.predict(new Float32Array(facts.maxBatch + 1), facts.maxBatch + 1)).toThrow(InvalidArgumentError);
    expect(d.predict(new Float32Array(facts.maxBatch), facts.maxBatch)).toHaveLength(facts.maxBatch);
    d.dispose();
  });

  it('the element limit bounds a sample, and the error says the limit', () => {
    expect(facts.maxElements).toBe(2 ** 28);
    const side = Math.ceil(Math.sqrt(facts.maxElements)) + 1;
    expect(() => new Sequential({ inputShape: [1, side, side], layers: [{ type: 'flatten' }] })).toThrow(String(facts.maxElements));
  });
});
