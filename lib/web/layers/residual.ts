/**
 * residual: y = shortcut(x) + scale·body(x), each branch a chain of the sampler's own layers (so a block may
 * hold blocks); no shortcut is the identity. The branches' tensors are named as the native core names them:
 * 'body.<j>.<tensor>', 'shortcut.<j>.<tensor>'.
 */
import { WebModelError } from '../errors.js';
import { wgslFloat, type Gpu, type GpuStep } from '../gpu/kernel.js';
import { size, type Forward, type Spec, type WebLayer } from './unit.js';

const BRANCHES = ['body', 'shortcut'] as const;
type Branch = (typeof BRANCHES)[number];

interface Link {
  spec: Spec;
  unit: WebLayer;
  inShape: number[];
  /** the link's tensors are the block's named `${prefix}<tensor>` */
  prefix: string;
}

/** The scale, 1 unless given (as the native core, which keeps it as float32); the ONNX writer reads it here too. */
export function residualScale(spec: Spec): number {
  const scale = spec.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new WebModelError(`residual.scale must be a number, got ${JSON.stringify(scale)}`);
  return Math.fround(scale);
}

/** A link's tensors: the block's named `${prefix}<tensor>`, under their own names. */
const own = (tensors: Record<string, Float32Array>, prefix: string) =>
  Object.fromEntries(Object.entries(tensors).flatMap(([name, t]) => (name.startsWith(prefix) ? [[name.slice(prefix.length), t]] : [])));

/** The residual unit over a registry of units (passed in, so that the registry can hold this unit too). */
export function residualOf(unitOf: (spec: Spec) => WebLayer): WebLayer {
  // The layers of a branch with their input shapes, and the branch's output shape; errors name the link.
  function chain(spec: Spec, branch: Branch, inShape: number[]): { links: Link[]; outShape: number[] } {
    const specs = spec[branch] ?? [];
    if (!Array.isArray(specs) || (branch === 'body' && specs.length === 0))
      throw new WebModelError(`residual.${branch} must be a${branch === 'body' ? ' non-empty' : ''} list of layers, got ${JSON.stringify(specs)}`);
    let shape = inShape;
    const links = (specs as Spec[]).map((s, j) => {
      try {
        const link = { spec: s, unit: unitOf(s), inShape: shape, prefix: `${branch}.${j}.` };
        shape = link.unit.outShape(s, shape);
        return link;
      } catch (error) {
        const e = error as WebModelError;
        throw new WebModelError(`${branch}[${j}] (${s?.type}): ${e.message}`, e.code);
      }
    });
    return { links, outShape: shape };
  }
  function branches(spec: Spec, inShape: number[]) {
    const [body, shortcut] = BRANCHES.map((b) => chain(spec, b, inShape));
    if (body.outShape.join() !== shortcut.outShape.join())
      throw new WebModelError(`residual: the body ends in [${body.outShape}] but the shortcut in [${shortcut.outShape}]${shortcut.links.length ? '' : ' (the identity)'}`);
    return { body, shortcut };
  }
  const run = (links: Link[], tensors: Record<string, Float32Array>): Forward[] =>
    links.map(({ spec, unit, inShape, prefix }) => unit.build(spec, inShape, own(tensors, prefix)));
  const steps = (links: Link[], tensors: Record<string, Float32Array>, gpu: Gpu): GpuStep[] =>
    links.map(({ spec, unit, inShape, prefix }) => unit.gpu(spec, inShape, own(tensors, prefix), gpu));

  return {
    outShape: (spec, inShape) => branches(spec, inShape).body.outShape,
    tensors(spec, inShape) {
      const { body, shortcut } = branches(spec, inShape);
      return [...body.links, ...shortcut.links].flatMap(({ spec: s, unit, inShape: shape, prefix }) =>
        unit.tensors(s, shape).map(([name, tensorShape]) => [prefix + name, tensorShape] as [string, number[]]),
      );
    },
    build(spec, inShape, tensors) {
      const { body, shortcut } = branches(spec, inShape);
      const bodyForwards = run(body.links, tensors), shortcutForwards = run(shortcut.links, tensors);
      const scale = residualScale(spec);
      return (x, label) => {
        const b = bodyForwards.reduce((v, forward) => forward(v, label), x);
        const s = shortcutForwards.reduce((v, forward) => forward(v, label), x);
        return b.map((v, i) => s[i] + Math.fround(scale * v));
      };
    },
    gpu(spec, inShape, tensors, gpu) {
      const { body, shortcut } = branches(spec, inShape);
      const bodySteps = steps(body.links, tensors, gpu), shortcutSteps = steps(shortcut.links, tensors, gpu);
      const add = gpu.kernel({ outSize: size(body.outShape), inputs: ['s', 'b'], body: `y[i] = s[i] + ${wgslFloat(residualScale(spec))} * b[i];` });
      return (pass, x) => {
        const b = bodySteps.reduce((v, step) => step(pass, v), x);
        return add(pass, shortcutSteps.reduce((v, step) => step(pass, v), x), b);
      };
    },
  };
}
