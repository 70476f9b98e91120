/**
 * `--format web`: a folder any static server can serve: index.html, model.json (the layers and where
 * each tensor lies), weights.bin (float32, or float16 with `half`) and the sampler module (dist/web,
 * the package's `wgan-gp/web`) under sampler/.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelSpecError, UnsupportedError } from '../../errors.js';
import { packageRoot } from '../../native.js';
import { encodeFloat16 } from '../../web/float16.js';
import { compileModel, WEB_FORMAT, type ModelDescription } from '../../web/format.js';
import { WEB_LAYERS } from '../../web/layers/index.js';
import { unitFor, type GeneratorGraph } from '../graph.js';
import { indexHtml } from './page.js';

/** The compiled browser sampler (tsconfig.web.json). */
export const SAMPLER_DIR = join(packageRoot, 'dist', 'web');

export interface WebExportInfo {
  title: string;
  dataset: string;
  iteration: number;
  range: [number, number];
  half: boolean;
  /** a conditional generator's class names (the run's classes; numbers where it has none) */
  classNames?: string[];
}

/** The names of a conditional generator's classes: the run's, else their numbers. */
export const classNames = (count: number, names?: string[]) => (names?.length === count ? [...names] : Array.from({ length: count }, (_, k) => String(k)));

/** model.json and the weights file's bytes for a generator graph. */
export function webModel(graph: GeneratorGraph, info: WebExportInfo): { description: ModelDescription; weights: Uint8Array } {
  for (const layer of graph.layers) unitFor(WEB_LAYERS, layer, 'web', (m) => new UnsupportedError(m));
  let values = 0;
  const layers = graph.layers.map((l) => ({
    spec: { ...l.spec },
    inputShape: l.inputShape,
    outputShape: l.outputShape,
    tensors: l.tensors.map(([name, t]) => ({ name, shape: t.shape, offset: (values += t.data.length) - t.data.length })),
  }));
  const all = new Float32Array(values);
  graph.layers.forEach((l, i) => l.tensors.forEach(([, t], k) => all.set(t.data, layers[i].tensors[k].offset)));
  const stored = info.half ? encodeFloat16(all) : all;
  const description: ModelDescription = {
    format: WEB_FORMAT,
    title: info.title,
    dataset: info.dataset,
    iteration: info.iteration,
    range: info.range,
    inputShape: graph.inputShape,
    outputShape: graph.outputShape,
    dtype: info.half ? 'float16' : 'float32',
    weights: 'weights.bin',
    values,
    layers,
    ...(graph.labelClasses ? { classes: { count: graph.labelClasses, names: classNames(graph.labelClasses, info.classNames) } } : {}),
  };
  const weights = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
  try {
    compileModel(description, weights.slice().buffer); // the page's own check, so a mismatch fails here, not in a browser
  } catch (error) {
    throw new ModelSpecError(`the web sampler cannot run this generator: ${(error as Error).message}`);
  }
  return { description, weights };
}

/** Writes the folder; returns the files written (relative to `out`). */
export async function writeWebExport(graph: GeneratorGraph, out: string, info: WebExportInfo): Promise<string[]> {
  if (!existsSync(join(SAMPLER_DIR, 'index.js')))
    throw new UnsupportedError(`the browser sampler is not built (${SAMPLER_DIR} has no index.js): run npm run build:ts`);
  const { description, weights } = webModel(graph, info);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'weights.bin'), weights);
  await writeFile(join(out, 'model.json'), JSON.stringify(description, null, 1) + '\n');
  await writeFile(join(out, 'index.html'), indexHtml(info.title));
  const sampler = join(out, 'sampler');
  await rm(sampler, { recursive: true, force: true });
  await cp(SAMPLER_DIR, sampler, { recursive: true, filter: (src) => !/\.(d\.ts|map)$/.test(src) });
  return ['index.html', 'model.json', 'weights.bin', 'sampler/'];
}
