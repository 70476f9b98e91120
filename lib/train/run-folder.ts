/** The run folder: config.json, metrics.jsonl, samples/, plots/, checkpoints/ (README.md documents it). */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './safetensors.js';

export interface MetricsLine {
  iteration: number;
  criticLoss: number;
  wassersteinEstimate: number;
  penalty: number;
  gradNormMean: number;
  generatorLoss: number;
  stepMs: number;
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
  /** every evalEvery, other images: the sliced Wasserstein distance ×10³ (mean of the levels; swd64, swd32, ... per level) */
  swd?: number;
}

const pad = (iteration: number) => String(iteration).padStart(6, '0');

export class RunFolder {
  constructor(readonly dir: string) {
    for (const sub of ['samples', 'plots', 'checkpoints']) mkdirSync(join(dir, sub), { recursive: true });
    // Temporaries of a write that a crash interrupted: never a complete checkpoint (those are renamed).
    for (const f of readdirSync(join(dir, 'checkpoints'))) if (/\.tmp-\d+$/.test(f)) rmSync(join(dir, 'checkpoints', f), { force: true });
  }

  get metricsFile() {
    return join(this.dir, 'metrics.jsonl');
  }
  samplePath(iteration: number) {
    return join(this.dir, 'samples', `iter-${pad(iteration)}.png`);
  }
  checkpointPath(iteration: number) {
    return join(this.dir, 'checkpoints', `iter-${pad(iteration)}.safetensors`);
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
    const dir = join(this.dir, 'checkpoints');
    const files = readdirSync(dir).filter((f) => /^iter-\d+\.safetensors$/.test(f)).sort();
    for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, f), { force: true });
  }
}
