/** The run folder's layout has one home (lib/train/run-folder.ts): finding a run's newest checkpoint and
 *  the run of a checkpoint go through it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, resolveCheckpoint } from '../lib/index.js';
import { RunFolder } from '../lib/train/run-folder.js';

describe('run folder', () => {
  it('finds the newest complete checkpoint, and the run folder of a checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgan-gp-run-'));
    expect(RunFolder.newestCheckpoint(dir)).toBeNull();
    expect(() => resolveCheckpoint(dir)).toThrow(CheckpointError);
    const run = new RunFolder(dir);
    for (const iteration of [9, 10, 100]) writeFileSync(run.checkpointPath(iteration), '');
    writeFileSync(join(dir, 'checkpoints', 'iter-000200.safetensors.tmp-1'), ''); // an interrupted write
    writeFileSync(join(dir, 'checkpoints', 'notes.txt'), '');
    expect(RunFolder.newestCheckpoint(dir)).toBe(run.checkpointPath(100));
    expect(resolveCheckpoint(dir)).toBe(run.checkpointPath(100));
    expect(RunFolder.holding(run.checkpointPath(100))).toBe(dir);
    run.pruneCheckpoints(1);
    expect(RunFolder.newestCheckpoint(dir)).toBe(run.checkpointPath(100));
    expect(new RunFolder(dir).checkpointPath(9)).toMatch(/checkpoints\/iter-000009\.safetensors$/);
  });
});
