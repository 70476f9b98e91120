/**
 * Watches the runs a page looks at, by polling (every half second: a stat of metrics.jsonl and
 * config.json and a listing of samples/), and the root's list of runs (every 2 s). Polling, not
 * fs.watch: writes that replace files by renaming (config.json, checkpoints), folders created and
 * deleted, and network file systems all show up the same way, and the cost is a few stat calls.
 * The watcher only reads: the run never waits for it.
 */
import { EventEmitter } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MetricsReader } from './metrics-reader.js';
import { runDir, runNames } from './run-list.js';

export type RunChange = { kind: 'runs' } | { kind: 'metrics' | 'samples' | 'config' | 'removed'; run: string };

const POLL_MS = 500;
const LIST_EVERY = 4;
/** Metrics readers kept (each holds at most a megabyte of downsampled rows). */
const MAX_READERS = 64;

interface Watched {
  refs: number;
  samplesKey: string;
  configKey: string;
  gone: boolean;
  /** the first poll only records what is there (the page has just fetched it) */
  primed: boolean;
}

export class RunWatcher extends EventEmitter<{ change: [RunChange] }> {
  private readonly readers = new Map<string, MetricsReader>();
  private readonly watched = new Map<string, Watched>();
  private listKey = '';
  private ticks = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly root: string,
    private readonly log: (message: string) => void,
  ) {
    super();
  }

  /** The metrics of a run (created on first use; the least recently used are dropped beyond MAX_READERS). */
  reader(name: string, dir: string): MetricsReader {
    let r = this.readers.get(name);
    if (r) this.readers.delete(name);
    else r = new MetricsReader(join(dir, 'metrics.jsonl'), (m) => this.log(`dashboard: ${name}/metrics.jsonl ${m} (skipped)`));
    this.readers.set(name, r);
    for (const old of this.readers.keys()) {
      if (this.readers.size <= MAX_READERS) break;
      if (!this.watched.has(old)) this.readers.delete(old);
    }
    return r;
  }

  /** Watches these runs until the returned function is called. */
  watch(names: string[]): () => void {
    for (const n of names) {
      const w = this.watched.get(n) ?? { refs: 0, samplesKey: '', configKey: '', gone: false, primed: false };
      w.refs++;
      this.watched.set(n, w);
    }
    this.schedule();
    return () => {
      for (const n of names) {
        const w = this.watched.get(n);
        if (w && --w.refs <= 0) this.watched.delete(n);
      }
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error) => this.log(`dashboard: watching ${this.root}: ${(error as Error).message}`))
        .finally(() => {
          this.timer = null;
          if (this.listenerCount('change') > 0) this.schedule();
        });
    }, POLL_MS);
  }

  private async tick(): Promise<void> {
    if (this.ticks++ % LIST_EVERY === 0) {
      const key = (await runNames(this.root).catch(() => [] as string[])).join('\n');
      if (key !== this.listKey) {
        if (this.ticks > 1) this.emit('change', { kind: 'runs' });
        this.listKey = key;
      }
    }
    await Promise.all([...this.watched].map(([name, w]) => this.poll(name, w)));
  }

  private async poll(name: string, w: Watched): Promise<void> {
    const dir = await runDir(this.root, name);
    if (!dir) {
      if (!w.gone) this.emit('change', { kind: 'removed', run: name });
      w.gone = true;
      this.readers.delete(name);
      return;
    }
    w.gone = false;
    const [changed, samples, config] = await Promise.all([
      this.reader(name, dir).update(),
      readdir(join(dir, 'samples')).catch(() => [] as string[]),
      stat(join(dir, 'config.json')).then((s) => `${s.mtimeMs}:${s.size}`, () => ''),
    ]);
    if (changed) this.emit('change', { kind: 'metrics', run: name });
    const samplesKey = samples.filter((f) => f.endsWith('.png')).sort().join(',');
    if (w.primed && samplesKey !== w.samplesKey) this.emit('change', { kind: 'samples', run: name });
    if (w.primed && config !== w.configKey) this.emit('change', { kind: 'config', run: name });
    [w.samplesKey, w.configKey, w.primed] = [samplesKey, config, true];
  }
}
