/** Sample images and training-curve plots of a run. */
import { writeFileSync } from 'node:fs';
import type { Dataset, DatasetName } from '../datasets/index.js';
import { toyDataset, type ToyName } from '../datasets/toy.js';
import { DataRandom } from '../random.js';
import { lineChartsPng, toyScatterPng } from '../render/charts.js';
import { imageGridPng } from '../render/grid.js';
import type { Sequential } from '../sequential.js';
import type { MetricsLine, RunFolder } from './run-folder.js';

/** Samples drawn for each picture: 512 points for 2-D data, an 8x8 grid for images. */
export const SAMPLE_COUNT = { points: 512, images: 64 } as const;

/** 2-D points are drawn as a scatter plot, anything else as an image grid. */
export const isPoints = (shape: readonly number[]) => shape.length === 1 && shape[0] === 2;

/** The critic's value over a size x size grid of [-extent, extent]², row-major from the bottom row. */
export function criticGrid(critic: Sequential, size = 64, extent = 2) {
  const pts = new Float32Array(size * size * 2);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      pts[(i * size + j) * 2] = -extent + ((j + 0.5) * 2 * extent) / size;
      pts[(i * size + j) * 2 + 1] = -extent + ((i + 0.5) * 2 * extent) / size;
    }
  return { grid: critic.predict(pts, size * size), size, extent };
}

/** A picture of generated samples: a scatter over the critic's landscape for 2-D points, else an image
 *  grid whose pixels span `range` (the data set's display range, DATASET_RANGE). */
export function samplesPng(fake: Float32Array, n: number, shape: number[], dataset: DatasetName, range: readonly [number, number], critic: Sequential, title: string): Buffer {
  if (isPoints(shape)) {
    const real = new Float32Array(n * 2);
    if (dataset.startsWith('toy-')) toyDataset(dataset as ToyName).sampleHeldOut(DataRandom.seeded(1), n, real, 0);
    return toyScatterPng(dataset.startsWith('toy-') ? real : new Float32Array(0), fake, criticGrid(critic), title);
  }
  return imageGridPng(fake, n, shape, [...range]);
}

/** The picture of the generator's samples for fixed noise z (evaluation mode: BatchNorm running stats). */
export function renderSamples(dataset: Dataset, G: Sequential, D: Sequential, z: Float32Array, n: number, iteration: number): Buffer {
  const name = dataset.name as DatasetName;
  return samplesPng(G.predict(z, n), n, G.outputShape, name, dataset.range, D, `${name}, iteration ${iteration}`);
}

/** plots/losses.png: critic loss, Wasserstein estimate, penalty, gradient norm and generator loss;
 *  plots/quality.png: the sample-quality metrics, when the run logs them (evalEvery). */
export function renderPlots(folder: RunFolder, history: MetricsLine[]): void {
  const x = history.map((m) => m.iteration);
  const held = history.filter((m) => m.heldOutCriticLoss !== undefined);
  const hx = held.map((m) => m.iteration);
  const png = lineChartsPng(
    [
      {
        title: 'critic loss (Wasserstein term + penalty)',
        series: [
          { label: 'train', x, y: history.map((m) => m.criticLoss), color: '#2b83ba' },
          { label: 'held-out', x: hx, y: held.map((m) => m.heldOutCriticLoss!), color: '#d7191c' },
        ],
      },
      {
        title: 'Wasserstein estimate  mean D(real) - mean D(fake)',
        series: [
          { label: 'train', x, y: history.map((m) => m.wassersteinEstimate), color: '#2b83ba' },
          { label: 'held-out', x: hx, y: held.map((m) => m.heldOutWassersteinEstimate!), color: '#d7191c' },
        ],
      },
      {
        title: 'gradient penalty and mean gradient norm',
        series: [
          { label: 'penalty', x, y: history.map((m) => m.penalty), color: '#fdae61' },
          { label: '|grad| mean', x, y: history.map((m) => m.gradNormMean), color: '#1a9641' },
        ],
      },
      { title: 'generator loss  -mean D(G(z))', series: [{ label: 'generator', x, y: history.map((m) => m.generatorLoss), color: '#7b3294' }] },
    ],
    'iteration',
  );
  writeFileSync(folder.plotPath('losses'), png);
  const quality = qualityPanels(history);
  if (quality.length) writeFileSync(folder.plotPath('quality'), lineChartsPng(quality, 'iteration'));
}

/** Panels of the periodic sample-quality metrics, when the run logs them. */
function qualityPanels(history: MetricsLine[]) {
  type QualityKey = 'modesCovered' | 'highQualityShare' | 'manifoldDistance' | 'classifierScore' | 'classesCovered' | 'confidentShare' | 'frechetDistance';
  const panel = (title: string, label: string, key: QualityKey, color: string) => {
    const rows = history.filter((m) => m[key] !== undefined);
    return rows.length ? [{ title, series: [{ label, x: rows.map((m) => m.iteration), y: rows.map((m) => m[key]!), color }] }] : [];
  };
  return [
    ...panel('modes covered', 'modes', 'modesCovered', '#1a9641'),
    ...panel('share of samples within 3 std of a mode', 'high quality', 'highQualityShare', '#2b83ba'),
    ...panel('mean distance of samples to the spiral', 'distance', 'manifoldDistance', '#d7191c'),
    ...panel('classifier score (Inception-Score formula, 10 = best)', 'score', 'classifierScore', '#1a9641'),
    ...panel('Fréchet distance to the test set (classifier features)', 'Fréchet', 'frechetDistance', '#d7191c'),
    ...panel('share of samples classified with probability >= 0.9', 'confident', 'confidentShare', '#2b83ba'),
  ];
}
