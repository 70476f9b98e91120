/** The page's view of the dashboard API (lib/dashboard/api.ts): response types and a fetch that reports errors. */
import type { BucketRows } from '../metric-buckets.js';
import type { RunSummary } from '../run-list.js';

export type { RunSummary };

export interface RunList {
  root: string;
  runs: RunSummary[];
  problem?: string;
}

export interface RunInfo {
  summary: RunSummary;
  config: Record<string, unknown> | null;
}

export interface MetricsUpdate extends BucketRows {
  lines: number;
  corrupt: number;
  problems: string[];
  partial: boolean;
  last: Record<string, unknown> | null;
}

export interface SampleList {
  samples: { file: string; iteration: number }[];
}

/** GET a JSON path; a failed request throws an Error with the server's message. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { cache: 'no-store' });
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw Object.assign(new Error((body as { error?: string }).error ?? `${res.status}`), { status: res.status });
  return body as T;
}

export const runPath = (name: string) => `/api/runs/${encodeURIComponent(name)}`;
export const picturePath = (name: string, file: string) => `/files/${encodeURIComponent(name)}/samples/${encodeURIComponent(file)}`;
