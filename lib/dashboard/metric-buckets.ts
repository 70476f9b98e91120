/**
 * A run's metrics, downsampled as they stream in: at most MAX_BUCKETS rows, each the lines of
 * `width` consecutive iterations (count, mean, min and max of every numeric field). When a run
 * outgrows them, the width doubles and neighbouring rows merge, so memory stays bounded (about a
 * megabyte however long the run) and a run with fewer iterations than rows is kept exactly.
 * Each row records the update (`seq`) that last changed it, so a page that has seen update s is
 * sent only the rows changed since; `epoch` changes when rows merge or the file starts over.
 */
export const MAX_BUCKETS = 2000;

interface FieldStats {
  n: number;
  sum: number;
  min: number;
  max: number;
}

interface Bucket {
  n: number;
  sumX: number;
  seq: number;
  fields: Map<string, FieldStats>;
}

export interface FieldColumns {
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

/** Rows from `start` on, as columns (a row with no value of a field has null there). */
export interface BucketRows {
  epoch: number;
  seq: number;
  width: number;
  start: number;
  rows: number;
  x: number[];
  n: number[];
  fields: Record<string, FieldColumns>;
}

export class MetricBuckets {
  private buckets: Bucket[] = [];
  private base: number | null = null;
  width = 1;
  epoch = 1;
  seq = 0;

  /** Starts over (the file was replaced or truncated): a new epoch. */
  reset(): void {
    this.buckets = [];
    this.base = null;
    this.width = 1;
    this.epoch++;
  }

  /** Adds one metrics line (its numeric fields; `iteration` is the x). */
  add(line: Record<string, unknown>, iteration: number): void {
    this.base ??= iteration;
    let k = Math.max(0, Math.floor((iteration - this.base) / this.width));
    while (k >= MAX_BUCKETS) {
      this.merge();
      k = Math.max(0, Math.floor((iteration - this.base) / this.width));
    }
    while (this.buckets.length <= k) this.buckets.push({ n: 0, sumX: 0, seq: 0, fields: new Map() });
    const b = this.buckets[k];
    b.n++;
    b.sumX += iteration;
    b.seq = this.seq + 1;
    for (const [key, v] of Object.entries(line)) {
      if (key === 'iteration' || typeof v !== 'number' || !Number.isFinite(v)) continue;
      const f = b.fields.get(key);
      if (f) {
        f.n++;
        f.sum += v;
        f.min = Math.min(f.min, v);
        f.max = Math.max(f.max, v);
      } else b.fields.set(key, { n: 1, sum: v, min: v, max: v });
    }
  }

  /** Ends a batch of add() calls: rows changed in it carry the new seq. */
  commit(): void {
    if (this.buckets.some((b) => b.seq > this.seq)) this.seq++;
  }

  get rowCount(): number {
    return this.buckets.length;
  }

  /** The rows changed after update `seq` of `epoch` (all rows when the epoch differs). */
  rowsSince(epoch: number, seq: number): BucketRows {
    let start = 0;
    if (epoch === this.epoch) {
      start = this.buckets.length;
      while (start > 0 && this.buckets[start - 1].seq > seq) start--;
      // a changed row further back (rare: an out-of-order iteration) is sent with all after it
      for (let k = 0; k < start; k++) if (this.buckets[k].seq > seq) start = k;
    }
    const rows = this.buckets.slice(start);
    const names = new Set<string>();
    for (const b of rows) for (const key of b.fields.keys()) names.add(key);
    const fields: Record<string, FieldColumns> = {};
    for (const key of names) {
      const stats = rows.map((b) => b.fields.get(key));
      fields[key] = {
        mean: stats.map((f) => (f ? f.sum / f.n : null)),
        min: stats.map((f) => (f ? f.min : null)),
        max: stats.map((f) => (f ? f.max : null)),
      };
    }
    return {
      epoch: this.epoch,
      seq: this.seq,
      width: this.width,
      start,
      rows: this.buckets.length,
      x: rows.map((b) => (b.n ? b.sumX / b.n : NaN)),
      n: rows.map((b) => b.n),
      fields,
    };
  }

  /** Doubles the width: rows 2k and 2k+1 become row k. */
  private merge(): void {
    const merged: Bucket[] = [];
    for (let k = 0; k < this.buckets.length; k += 2) {
      const a = this.buckets[k], b = this.buckets[k + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      for (const [key, f] of b.fields) {
        const g = a.fields.get(key);
        if (!g) a.fields.set(key, { ...f });
        else Object.assign(g, { n: g.n + f.n, sum: g.sum + f.sum, min: Math.min(g.min, f.min), max: Math.max(g.max, f.max) });
      }
      merged.push({ n: a.n + b.n, sumX: a.sumX + b.sumX, seq: Math.max(a.seq, b.seq), fields: a.fields });
    }
    this.buckets = merged;
    this.width *= 2;
    this.epoch++;
  }
}
