/** The run folder: config.json, metrics.jsonl, samples/, plots/, checkpoints/ (README.md documents it).
 *  The one home of its layout: everything that finds a file of a run asks this module. */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from './safetensors.js';

export interface MetricsLine {
  iteration: number;
  criticLoss: number;
  wassersteinEstimate: number;
  penalty: number;
  gradNormMean: number;
  generatorLoss: number;
  stepMs: number;
  /** of a distributed run on MPI: the time of this rank (0) in the gradient all-reduces (part of stepMs) */
  allReduceMs?: number;
  /** on sample iterations: the critic loss on a held-out batch */
  heldOutCriticLoss?: number;
  heldOutWassersteinEstimate?: number;
  /** every evalEvery, toy mixtures: modes covered and the share of samples within 3 std of a mode */
  modesCovered?: number;
  highQualityShare?: number;
  /** every evalEvery, swiss roll: mean distance of samples to the spiral */
  manifoldDistance?: number;
  /** every evalEvery, MNIST / Fashion-MNIST: the classifier's score, classes covered, share of samples
   *  classified with probability >= 0.9, Fréchet distance of its features to the test set's */
  classifierScore?: number;
  classesCovered?: number;
  confidentShare?: number;
  frechetDistance?: number;
  /** every evalEvery, a conditional MNIST / Fashion-MNIST run: the share of samples drawn for a class that
   *  the classifier gives that class */
  labelAccuracy?: number;
  /** a conditional run: the critic's cross-entropy on the last real batch and the share of it classified right,
   *  the generator's cross-entropy of its samples under their requested labels */
  classifierLoss?: number;
  classifierAccuracy?: number;
  generatorClassifierLoss?: number;
  /** every evalEvery, other images: the sliced Wasserstein distance ×10³ (mean of the levels; swd64, swd32, ... per level) */
  swd?: number;
}

const pad = (iteration: number) => String(iteration).padStart(6, '0');
const CHECKPOINTS = 'checkpoints';
const CHECKPOINT_FILE = /^iter-\d+\.safetensors$/;

/** The checkpoints of a run folder, oldest first (zero-padded iterations sort by name). */
const checkpointFiles = (dir: string) => (existsSync(join(dir, CHECKPOINTS)) ? readdirSync(join(dir, CHECKPOINTS)).filter((f) => CHECKPOINT_FILE.test(f)).sort() : []);

export class RunFolder {
  constructor(readonly dir: string) {
    for (const sub of ['samples', 'plots', CHECKPOINTS]) mkdirSync(join(dir, sub), { recursive: true });
    // Temporaries of a write that a crash interrupted: never a complete checkpoint (those are renamed).
    for (const f of readdirSync(join(dir, CHECKPOINTS))) if (/\.tmp-\d+$/.test(f)) rmSync(join(dir, CHECKPOINTS, f), { force: true });
  }

  /** The newest checkpoint of the run folder `dir`, or null when it has none (it is not created). */
  static newestCheckpoint(dir: string): string | null {
    const last = checkpointFiles(dir).at(-1);
    return last ? join(dir, CHECKPOINTS, last) : null;
  }

  /** The run folder that holds a checkpoint file (<run>/checkpoints/iter-N.safetensors). */
  static holding(checkpoint: string): string {
    return dirname(dirname(resolve(checkpoint)));
  }

  get metricsFile() {
    return join(this.dir, 'metrics.jsonl');
  }
  samplePath(iteration: number) {
    return join(this.dir, 'samples', `iter-${pad(iteration)}.png`);
  }
  checkpointPath(iteration: number) {
    return join(this.dir, CHECKPOINTS, `iter-${pad(iteration)}.safetensors`);
  }
  plotPath(name: string) {
    return join(this.dir, 'plots', `${name}.png`);
  }

  writeConfig(config: unknown) {
    writeFileSync(join(this.dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  }

  /** Metrics already logged up to `iteration` (a resumed run drops lines past its checkpoint). */
  async loadMetrics(upTo: number): Promise<MetricsLine[]> {
    if (!existsSync(this.metricsFile)) return [];
    const kept = readFileSync(this.metricsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as MetricsLine)
      .filter((m) => m.iteration <= upTo);
    await writeFileAtomic(this.metricsFile, Buffer.from(kept.map((m) => JSON.stringify(m) + '\n').join('')));
    return kept;
  }

  appendMetrics(line: MetricsLine) {
    appendFileSync(this.metricsFile, JSON.stringify(line) + '\n');
  }

  /** Removes all but the newest `keep` checkpoints (called after a new one is safely written). */
  pruneCheckpoints(keep: number) {
    const files = checkpointFiles(this.dir);
    for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(this.dir, CHECKPOINTS, f), { force: true });
  }
}
