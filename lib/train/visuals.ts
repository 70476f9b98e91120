/** Sample images and training-curve plots of a run. */
import { writeFileSync } from 'node:fs';
import type { Dataset, DatasetName } from '../datasets/index.js';
import { toyDataset, type ToyName } from '../datasets/toy.js';
import { DataRandom } from '../random.js';
import { balancedLabels, classGrid } from '../sample.js';
import { lineChartsPng, toyScatterPng } from '../render/charts.js';
import { METRIC_PANELS, X_FIELD, type MetricPanel } from '../render/metric-panels.js';
import { imageGridPng } from '../render/grid.js';
import type { Sequential } from '../sequential.js';
import type { MetricsLine, RunFolder } from './run-folder.js';

/** Samples drawn for each picture: 512 points for 2-D data, an 8x8 grid for images. */
export const SAMPLE_COUNT = { points: 512, images: 64 } as const;
/** A conditional run's image grid: one row of this many samples per class. */
export const CLASS_ROW = 8;

/** What a run's sample pictures show, fixed for the run: n latent points z (and their classes, for a
 *  conditional generator) and the grid's columns. Images of a conditional generator are one row per class,
 *  column j the same latent point in every row; points spread their classes evenly. */
export interface SamplePlan {
  z: Float32Array;
  n: number;
  labels?: Int32Array;
  columns?: number;
}

export function samplePlan(shape: readonly number[], zDim: number, classes: number, rng: DataRandom): SamplePlan {
  const normals = (count: number) => Float32Array.from({ length: count * zDim }, () => rng.normal());
  if (!classes || isPoints(shape)) {
    const n = SAMPLE_COUNT[isPoints(shape) ? 'points' : 'images'];
    return { z: normals(n), n, labels: classes ? balancedLabels(classes, n) : undefined };
  }
  return { ...classGrid(zDim, classes, CLASS_ROW, rng), n: classes * CLASS_ROW, columns: CLASS_ROW };
}

/** 2-D points are drawn as a scatter plot, anything else as an image grid. */
export const isPoints = (shape: readonly number[]) => shape.length === 1 && shape[0] === 2;

/** The critic's value (its score: column 0 of an ACGAN critic) over a size x size grid of [-extent, extent]²,
 *  row-major from the bottom row. */
export function criticGrid(critic: Sequential, size = 64, extent = 2) {
  const pts = new Float32Array(size * size * 2);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      pts[(i * size + j) * 2] = -extent + ((j + 0.5) * 2 * extent) / size;
      pts[(i * size + j) * 2 + 1] = -extent + ((i + 0.5) * 2 * extent) / size;
    }
  const out = critic.predict(pts, size * size), width = critic.outputSize;
  return { grid: width === 1 ? out : Float32Array.from({ length: size * size }, (_, k) => out[k * width]), size, extent };
}

/** A picture of generated samples: a scatter over the critic's landscape for 2-D points, else an image
 *  grid whose pixels span `range` (the data set's display range, DATASET_RANGE). */
export function samplesPng(fake: Float32Array, n: number, shape: number[], dataset: DatasetName | 'arrays', range: readonly [number, number], critic: Sequential, title: string, columns?: number): Buffer {
  if (isPoints(shape)) {
    const real = new Float32Array(n * 2);
    if (dataset.startsWith('toy-')) toyDataset(dataset as ToyName).sampleHeldOut(DataRandom.seeded(1), n, real, 0);
    return toyScatterPng(dataset.startsWith('toy-') ? real : new Float32Array(0), fake, criticGrid(critic), title);
  }
  return imageGridPng(fake, n, shape, [...range], 2, columns);
}

/** The picture of the generator's samples of a plan (evaluation mode: BatchNorm running stats). */
export function renderSamples(dataset: Dataset, G: Sequential, D: Sequential, plan: SamplePlan, iteration: number): Buffer {
  const name = dataset.name as DatasetName;
  const fake = G.predict(plan.z, plan.n, plan.labels ? { labels: plan.labels } : {});
  return samplesPng(fake, plan.n, G.outputShape, name, dataset.range, D, `${name}, iteration ${iteration}`, plan.columns);
}

/** plots/losses.png: critic loss, Wasserstein estimate, penalty, gradient norm and generator loss;
 *  plots/quality.png: the sample-quality metrics, when the run logs them (evalEvery). */
export function renderPlots(folder: RunFolder, history: MetricsLine[]): void {
  writeFileSync(folder.plotPath('losses'), lineChartsPng(panelsOf('losses', history), X_FIELD));
  const quality = panelsOf('quality', history);
  if (quality.length) writeFileSync(folder.plotPath('quality'), lineChartsPng(quality, X_FIELD));
}

/** The panels of a group (lib/render/metric-panels.ts) with the values the run has logged; empty series are left out. */
function panelsOf(group: MetricPanel['group'], history: MetricsLine[]) {
  const rows = history as unknown as Record<string, number | undefined>[];
  return METRIC_PANELS.filter((p) => p.group === group)
    .map((p) => ({
      title: p.title,
      series: p.series
        .map(({ field, label, color }) => {
          const logged = rows.filter((m) => m[field] !== undefined);
          return { label, color, x: logged.map((m) => m[X_FIELD]!), y: logged.map((m) => m[field]!) };
        })
        .filter((s) => s.x.length > 0),
    }))
    .filter((p) => p.series.length > 0);
}
