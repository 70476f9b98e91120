/** One run's downsampled metrics on the page, kept up to date from the server's row updates. */
import type { MetricsUpdate } from './api.js';

export interface Curve {
  x: number[];
  y: (number | null)[];
  /** lines behind each point (weights of the smoothing) */
  n: number[];
}

export class RunData {
  epoch = 0;
  seq = 0;
  width = 1;
  private x: number[] = [];
  private n: number[] = [];
  private fields = new Map<string, (number | null)[]>();
  lines = 0;
  corrupt = 0;
  problems: string[] = [];
  last: Record<string, unknown> | null = null;

  /** Rows from update.start on replace ours; a new epoch replaces everything. */
  apply(u: MetricsUpdate): void {
    if (u.epoch !== this.epoch) {
      this.x = [];
      this.n = [];
      this.fields.clear();
    }
    const start = Math.min(u.start, this.x.length);
    this.x.length = this.n.length = start;
    this.x.push(...u.x);
    this.n.push(...u.n);
    for (const [key, col] of this.fields) {
      col.length = start;
      if (!u.fields[key]) col.push(...u.x.map(() => null));
    }
    for (const [key, cols] of Object.entries(u.fields)) {
      let col = this.fields.get(key);
      if (!col) this.fields.set(key, (col = new Array<number | null>(start).fill(null)));
      col.length = start;
      col.push(...cols.mean);
    }
    Object.assign(this, { epoch: u.epoch, seq: u.seq, width: u.width, lines: u.lines, corrupt: u.corrupt, problems: u.problems, last: u.last });
  }

  fieldNames(): string[] {
    return [...this.fields.keys()];
  }

  /** The rows that hold a value of the field. */
  curve(field: string): Curve | null {
    const col = this.fields.get(field);
    if (!col) return null;
    const c: Curve = { x: [], y: [], n: [] };
    for (let i = 0; i < col.length; i++)
      if (col[i] !== null && this.n[i] > 0) {
        c.x.push(this.x[i]);
        c.y.push(col[i]);
        c.n.push(this.n[i]);
      }
    return c.x.length ? c : null;
  }

  get rows(): number {
    return this.x.length;
  }

  get lastIteration(): number | null {
    const v = this.last?.iteration;
    return typeof v === 'number' ? v : null;
  }
}
