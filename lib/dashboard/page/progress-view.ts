/** Progress of the shown runs: iteration of total, it/s, ETA, and how long ago the run last wrote. */
import type { RunSummary } from './api.js';
import { el } from './chart-panel.js';

const count = (v: number) => Math.round(v).toLocaleString('en');

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function renderProgress(root: HTMLElement, runs: { name: string; color: string; summary: RunSummary | null; lastIteration: number | null }[]): void {
  root.replaceChildren(
    ...runs.map(({ name, color, summary, lastIteration }) => {
      const row = el('div', 'run');
      row.dataset.run = name;
      const label = el('span', 'label', name);
      label.style.color = color;
      row.append(label);
      const iteration = lastIteration ?? summary?.iteration ?? null;
      row.dataset.iteration = String(iteration ?? '');
      if (!summary) return row;
      const total = summary.iterations;
      const bar = el('progress');
      bar.max = total ?? 1;
      bar.value = iteration ?? 0;
      const parts: string[] = [summary.state];
      parts.push(`iteration ${iteration === null ? '-' : count(iteration)}${total ? ` / ${count(total)}` : ''}`);
      if (summary.iterationsPerSecond) parts.push(`${summary.iterationsPerSecond.toPrecision(3)} it/s`);
      if (summary.state === 'running' && summary.etaSeconds !== null) parts.push(`ETA ${duration(summary.etaSeconds)}`);
      if (summary.updatedAt && summary.state !== 'finished') parts.push(`last written ${duration(Math.max(0, (Date.now() - summary.updatedAt) / 1000))} ago`);
      row.append(bar, el('span', '', parts.join(' · ')));
      return row;
    }),
  );
}
