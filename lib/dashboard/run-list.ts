/**
 * The runs under the dashboard's folder: its sub-folders that hold a metrics.jsonl or a config.json,
 * each with a short summary (iteration, total, it/s, ETA) read from its config and the tail of its
 * metrics. Summaries are cached by file size and time, so a folder of hundreds of runs is listed with
 * a few stat calls each. Run names are checked here: one path segment naming a folder inside the root.
 */
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface RunSummary {
  name: string;
  preset: string | null;
  dataset: string | null;
  iteration: number | null;
  iterations: number | null;
  /** iterations per second since the run (or its resumption) started, wall clock */
  iterationsPerSecond: number | null;
  etaSeconds: number | null;
  /** when metrics.jsonl was last written (ms since the epoch) */
  updatedAt: number | null;
  state: 'finished' | 'running' | 'idle' | 'starting';
  /** config.json could not be read or parsed */
  configProblem: string | null;
}

/** A run that wrote nothing for this long is shown as idle (the page says since when). */
const IDLE_AFTER_MS = 60_000;
const TAIL_BYTES = 16 * 1024;

export const isRunName = (name: string) => name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);

/** The folder of a run, or null when the name is not one folder directly inside the root (symlinks out of it included). */
export async function runDir(root: string, name: string): Promise<string | null> {
  if (!isRunName(name)) return null;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(join(root, name))]);
    return real.startsWith(realRoot + sep) && (await stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/** Names of the runs under the root, sorted. */
export async function runNames(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const names = await Promise.all(
    entries.map(async (e) => {
      if (!(e.isDirectory() || e.isSymbolicLink()) || !isRunName(e.name)) return null;
      const dir = join(root, e.name);
      const has = await Promise.all(['metrics.jsonl', 'config.json'].map((f) => stat(join(dir, f)).then(() => true, () => false)));
      return has.some(Boolean) ? e.name : null;
    }),
  );
  return names.filter((n): n is string => n !== null).sort();
}

/** Whether a folder is itself a run folder (then the dashboard serves its parent). */
export async function isRunFolder(dir: string): Promise<boolean> {
  const has = await Promise.all(['metrics.jsonl', 'config.json'].map((f) => stat(join(dir, f)).then((s) => s.isFile(), () => false)));
  return has.some(Boolean);
}

const cache = new Map<string, { key: string; summary: RunSummary }>();

export async function summarize(root: string, name: string, now = Date.now()): Promise<RunSummary> {
  const dir = join(root, name);
  const [m, c] = await Promise.all([stat(join(dir, 'metrics.jsonl')).catch(() => null), stat(join(dir, 'config.json')).catch(() => null)]);
  const key = `${m?.size}:${m?.mtimeMs}:${c?.mtimeMs}`;
  const hit = cache.get(dir);
  const base = hit?.key === key ? hit.summary : await readSummary(dir, name, m?.size ?? 0, m?.mtimeMs ?? null);
  cache.set(dir, { key, summary: base });
  const state: RunSummary['state'] =
    base.iteration !== null && base.iterations !== null && base.iteration >= base.iterations
      ? 'finished'
      : base.updatedAt === null
        ? 'starting'
        : now - base.updatedAt < IDLE_AFTER_MS
          ? 'running'
          : 'idle';
  return { ...base, state };
}

async function readSummary(dir: string, name: string, size: number, updatedAt: number | null): Promise<RunSummary> {
  let config: Record<string, unknown> = {};
  let configProblem: string | null = null;
  try {
    config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  } catch (error) {
    configProblem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no config.json' : `config.json: ${(error as Error).message}`;
  }
  const iteration = size ? await lastIteration(join(dir, 'metrics.jsonl'), size) : null;
  const iterations = typeof config.iterations === 'number' ? config.iterations : null;
  const startedAt = typeof config.startedAt === 'string' ? Date.parse(config.startedAt) : NaN;
  const from = typeof config.resumedAt === 'number' ? config.resumedAt : 0;
  const seconds = updatedAt !== null && Number.isFinite(startedAt) ? (updatedAt - startedAt) / 1000 : NaN;
  const rate = iteration !== null && seconds > 0 ? (iteration - from) / seconds : null;
  return {
    name,
    preset: typeof config.preset === 'string' ? config.preset : null,
    dataset: typeof config.dataset === 'string' ? config.dataset : null,
    iteration,
    iterations,
    iterationsPerSecond: rate,
    etaSeconds: rate && iterations !== null && iteration !== null ? Math.max(0, iterations - iteration) / rate : null,
    updatedAt,
    state: 'starting',
    configProblem,
  };
}

/** The iteration of the last complete line, from the file's tail. */
async function lastIteration(file: string, size: number): Promise<number | null> {
  const fd = await open(file, 'r').catch(() => null);
  if (!fd) return null;
  try {
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await fd.read(buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n');
    lines.pop(); // after the last newline: empty, or a line still being written
    for (const line of lines.reverse()) {
      const m = /"iteration":\s*(-?\d+(?:\.\d+)?)/.exec(line);
      if (m) return Number(m[1]);
    }
    return null;
  } finally {
    await fd.close();
  }
}
