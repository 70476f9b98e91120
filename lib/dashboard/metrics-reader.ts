/**
 * Follows one run's metrics.jsonl as it grows: reads only the bytes added since the last call, in
 * chunks (a million-line file never sits in memory, and the event loop gets a turn between chunks),
 * keeps a last line without its newline until the run finishes writing it, and reports corrupt lines
 * (skipped, with their line numbers) instead of failing. A file that was replaced or truncated (a
 * resumed run rewrites it) is read again from the start.
 */
import { open, stat } from 'node:fs/promises';
import { MetricBuckets } from './metric-buckets.js';

const CHUNK = 1 << 20;
/** Corrupt lines whose messages are kept (all are counted). */
const KEPT_PROBLEMS = 20;

export class MetricsReader {
  readonly buckets = new MetricBuckets();
  /** the newest complete line */
  last: Record<string, unknown> | null = null;
  lines = 0;
  corrupt = 0;
  problems: string[] = [];
  /** bytes read so far (complete lines) and the file's size at the last look */
  offset = 0;
  size = 0;
  mtimeMs = 0;
  private ino = -1;
  private pending: Buffer = Buffer.alloc(0);
  private queue: Promise<boolean> = Promise.resolve(false);

  constructor(
    readonly file: string,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  /** Reads what was added; true when something changed. Calls run one after another. */
  update(): Promise<boolean> {
    this.queue = this.queue.then(
      () => this.read(),
      () => this.read(),
    );
    return this.queue;
  }

  /** A last line still being written (no newline yet). */
  get partial(): boolean {
    return this.pending.length > 0;
  }

  private async read(): Promise<boolean> {
    let info;
    try {
      info = await stat(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // not written yet (a run that is starting) or removed: nothing to show
      const had = this.lines > 0 || this.offset > 0;
      if (had) this.startOver();
      return had;
    }
    const replaced = info.ino !== this.ino || info.size < this.offset + this.pending.length;
    if (replaced && this.ino !== -1) this.startOver();
    this.ino = info.ino;
    this.size = info.size;
    this.mtimeMs = info.mtimeMs;
    let position = this.offset + this.pending.length;
    if (position >= info.size) return replaced && this.ino !== -1;
    const fd = await open(this.file, 'r');
    try {
      const chunk = Buffer.alloc(CHUNK);
      while (position < info.size) {
        const { bytesRead } = await fd.read(chunk, 0, Math.min(CHUNK, info.size - position), position);
        if (bytesRead === 0) break;
        position += bytesRead;
        this.ingest(chunk.subarray(0, bytesRead));
      }
    } finally {
      await fd.close();
    }
    this.buckets.commit();
    return true;
  }

  /** Splits at newline bytes (never inside a UTF-8 character) and parses each complete line. */
  private ingest(bytes: Buffer): void {
    const data = this.pending.length ? Buffer.concat([this.pending, bytes]) : Buffer.from(bytes);
    let from = 0;
    for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
      this.parseLine(data.toString('utf8', from, nl));
      this.offset += nl + 1 - from;
      from = nl + 1;
    }
    this.pending = Buffer.from(data.subarray(from));
  }

  private parseLine(text: string): void {
    this.lines++;
    if (!text.trim()) return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      return this.problem(`line ${this.lines} is not valid JSON: ${excerpt(text)}`);
    }
    const iteration = (line as { iteration?: unknown } | null)?.iteration;
    if (typeof line !== 'object' || line === null || Array.isArray(line) || typeof iteration !== 'number' || !Number.isFinite(iteration))
      return this.problem(`line ${this.lines} has no numeric "iteration": ${excerpt(text)}`);
    this.buckets.add(line as Record<string, unknown>, iteration);
    this.last = line as Record<string, unknown>;
  }

  private problem(message: string): void {
    this.corrupt++;
    if (this.problems.length < KEPT_PROBLEMS) this.problems.push(message);
    this.onProblem(message);
  }

  private startOver(): void {
    this.buckets.reset();
    this.last = null;
    this.lines = this.corrupt = this.offset = this.size = 0;
    this.problems = [];
    this.pending = Buffer.alloc(0);
  }
}

const excerpt = (text: string) => JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text);
