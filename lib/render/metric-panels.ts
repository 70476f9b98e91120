/**
 * Which metrics.jsonl fields are drawn together, under which titles: the one list that the PNG plots
 * of a run (plots/losses.png, plots/quality.png) and the dashboard page both draw from. Fields of a
 * metrics line that no panel names get a panel of their own on the page. Browser-safe (no imports).
 */
export interface PanelSeries {
  field: string;
  label: string;
  /** the colour of this series when one run is drawn (the PNGs); the page colours by run instead */
  color: string;
}

export interface MetricPanel {
  id: string;
  title: string;
  /** losses and quality are the two PNGs of plots/; timing is shown on the page only */
  group: 'losses' | 'quality' | 'timing';
  series: PanelSeries[];
}

const TRAIN = '#2b83ba', HELD_OUT = '#d7191c';

export const METRIC_PANELS: MetricPanel[] = [
  {
    id: 'critic-loss',
    title: 'critic loss (Wasserstein term + penalty)',
    group: 'losses',
    series: [
      { field: 'criticLoss', label: 'train', color: TRAIN },
      { field: 'heldOutCriticLoss', label: 'held-out', color: HELD_OUT },
    ],
  },
  {
    id: 'wasserstein',
    title: 'Wasserstein estimate  mean D(real) - mean D(fake)',
    group: 'losses',
    series: [
      { field: 'wassersteinEstimate', label: 'train', color: TRAIN },
      { field: 'heldOutWassersteinEstimate', label: 'held-out', color: HELD_OUT },
    ],
  },
  { id: 'penalty', title: 'gradient penalty', group: 'losses', series: [{ field: 'penalty', label: 'penalty', color: '#e66101' }] },
  { id: 'grad-norm', title: "mean norm of the critic's input gradient (the penalty pulls it to 1)", group: 'losses', series: [{ field: 'gradNormMean', label: '|grad| mean', color: '#1a9641' }] },
  { id: 'generator-loss', title: 'generator loss  -mean D(G(z))', group: 'losses', series: [{ field: 'generatorLoss', label: 'generator', color: '#7b3294' }] },
  {
    id: 'acgan',
    title: 'ACGAN cross-entropy (conditional runs): critic on real samples, generator on its samples',
    group: 'losses',
    series: [
      { field: 'classifierLoss', label: 'critic', color: TRAIN },
      { field: 'generatorClassifierLoss', label: 'generator', color: '#7b3294' },
    ],
  },
  { id: 'modes', title: 'modes covered', group: 'quality', series: [{ field: 'modesCovered', label: 'modes', color: '#1a9641' }] },
  { id: 'high-quality', title: 'share of samples within 3 std of a mode', group: 'quality', series: [{ field: 'highQualityShare', label: 'high quality', color: TRAIN }] },
  { id: 'manifold', title: 'mean distance of samples to the spiral', group: 'quality', series: [{ field: 'manifoldDistance', label: 'distance', color: HELD_OUT }] },
  { id: 'classifier-score', title: 'classifier score (Inception-Score formula, 10 = best)', group: 'quality', series: [{ field: 'classifierScore', label: 'score', color: '#1a9641' }] },
  { id: 'classes', title: 'classes covered', group: 'quality', series: [{ field: 'classesCovered', label: 'classes', color: '#7b3294' }] },
  { id: 'frechet', title: 'Fréchet distance to the test set (classifier features)', group: 'quality', series: [{ field: 'frechetDistance', label: 'Fréchet', color: HELD_OUT }] },
  { id: 'label-accuracy', title: 'label accuracy (conditional runs): samples of class c classified as c', group: 'quality', series: [{ field: 'labelAccuracy', label: 'label accuracy', color: '#1a9641' }] },
  { id: 'confident', title: 'share of samples classified with probability >= 0.9', group: 'quality', series: [{ field: 'confidentShare', label: 'confident', color: TRAIN }] },
  { id: 'swd', title: 'sliced Wasserstein distance x1e3 to held-out images (mean of levels)', group: 'quality', series: [{ field: 'swd', label: 'SWD', color: HELD_OUT }] },
  { id: 'step-time', title: 'time of one iteration (ms)', group: 'timing', series: [{ field: 'stepMs', label: 'step', color: '#555555' }] },
];

/** The x field of every panel. */
export const X_FIELD = 'iteration';
