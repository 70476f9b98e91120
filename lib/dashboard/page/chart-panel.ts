/**
 * One chart of the page (uPlot): the panel's metrics for every shown run on shared axes, each run
 * in its colour, the panel's second series dashed; with smoothing, the raw curve faint behind the
 * moving average. Axes, ticks and the y-range are the PNG plots' (lib/render/ranges.ts).
 */
import uPlot from 'uplot/dist/uPlot.js';
import type { MetricPanel } from '../../render/metric-panels.js';
import { axisNote, xAxis, yAxis, type Axis, type YAxis } from '../../render/ranges.js';
import { smoothEma, smoothingTau } from '../../render/smoothing.js';
import { formatTicks } from '../../render/ticks.js';
import type { RunData } from './run-data.js';

export interface ShownRun {
  name: string;
  color: string;
  data: RunData;
}

const HEIGHT = 210;
const DASHES = [[], [6, 4], [2, 3]];
const faint = (hex: string) => hex + '44';

export class ChartPanel {
  readonly element: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly plotBox: HTMLElement;
  private readonly note: HTMLElement;
  private readonly readout: HTMLElement;
  private plot: uPlot | null = null;
  private shape = '';
  private xa: Axis = xAxis(0, 1);
  private ya: YAxis | null = null;
  private labels: string[] = [];

  constructor(readonly panel: MetricPanel) {
    this.element = el('section', 'chart');
    this.element.dataset.panel = panel.id;
    this.element.append(el('h3', '', panel.title));
    this.legend = this.element.appendChild(el('div', 'legend'));
    this.plotBox = this.element.appendChild(el('div', 'plot'));
    this.readout = this.element.appendChild(el('div', 'readout'));
    this.note = this.element.appendChild(el('div', 'note'));
  }

  /** Whether any of the runs has a value of this panel's metrics. */
  static hasData(panel: MetricPanel, runs: ShownRun[]): boolean {
    return runs.some((r) => panel.series.some((s) => r.data.curve(s.field)));
  }

  update(runs: ShownRun[], smoothing: number): void {
    const columns: { run: ShownRun; label: string; dash: number[]; curve: NonNullable<ReturnType<RunData['curve']>> }[] = [];
    for (const run of runs)
      this.panel.series.forEach((s, k) => {
        const curve = run.data.curve(s.field);
        if (curve) columns.push({ run, label: s.label, dash: DASHES[k % DASHES.length], curve });
      });
    let xmin = Infinity, xmax = -Infinity;
    for (const c of columns) [xmin, xmax] = [Math.min(xmin, c.curve.x[0]), Math.max(xmax, c.curve.x.at(-1)!)];
    this.xa = xAxis(xmin, xmax);
    this.ya = yAxis(columns.map((c) => c.curve));
    const tau = smoothingTau(smoothing, this.xa.max - this.xa.min);
    // one table per column (x, raw, smoothed), aligned on the union of x by uPlot.join
    const tables = columns.map((c) => {
      const ys = smoothing > 0 ? [c.curve.y, smoothEma(c.curve.x, c.curve.y, tau, c.curve.n)] : [c.curve.y];
      return [c.curve.x, ...ys] as uPlot.AlignedData;
    });
    const data = tables.length ? uPlot.join(tables) : ([[]] as unknown as uPlot.AlignedData);
    const series: uPlot.Series[] = [{ label: 'iteration' }];
    this.labels = [];
    for (const c of columns) {
      const name = `${c.run.name} ${c.label}`;
      if (smoothing > 0) series.push({ label: name + ' (raw)', stroke: faint(c.run.color), width: 1, dash: c.dash, spanGaps: true, points: { show: false } });
      series.push({ label: name, stroke: c.run.color, width: 1.6, dash: c.dash, spanGaps: true, points: { show: false } });
      this.labels.push(...(smoothing > 0 ? ['', name] : [name]));
    }
    const shape = JSON.stringify([series.map((s) => [s.label, s.stroke]), this.ya?.log]);
    if (shape !== this.shape || !this.plot) {
      this.plot?.destroy();
      this.plot = new uPlot(this.options(series), data, this.plotBox);
      this.shape = shape;
    } else this.plot.setData(data);
    this.renderLegend(runs, columns.length > 0);
    this.note.textContent = this.ya ? axisNote(this.ya) : '';
    this.element.dataset.rows = String(data[0].length);
    this.element.dataset.lastIteration = String(Number.isFinite(xmax) ? xmax : '');
    this.element.dataset.series = String(columns.length);
  }

  resize(width: number): void {
    this.plot?.setSize({ width, height: HEIGHT });
  }

  destroy(): void {
    this.plot?.destroy();
    this.element.remove();
  }

  private options(series: uPlot.Series[]): uPlot.Options {
    const log = this.ya?.log ?? false;
    return {
      width: Math.max(300, this.plotBox.clientWidth || 500),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: () => [this.xa.min, this.xa.max] },
        y: { distr: log ? 3 : 1, log: 10, range: () => (this.ya ? [this.ya.min, this.ya.max] : [0, 1]) },
      },
      axes: [
        { label: 'iteration', labelSize: 16, labelFont: '12px system-ui, sans-serif', labelGap: 0, size: 34, splits: () => this.xa.ticks, values: (_u, splits) => labels(splits, false) },
        { size: 56, splits: () => this.ya?.ticks ?? [], values: (_u, splits) => labels(splits, log) },
      ],
      series,
      hooks: { setCursor: [(u) => this.showReadout(u)] },
    };
  }

  /** The values under the cursor, named. */
  private showReadout(u: uPlot): void {
    const i = u.cursor.idx;
    if (i === null || i === undefined) {
      this.readout.textContent = '';
      return;
    }
    const parts = [`iteration ${Math.round(u.data[0][i])}`];
    this.labels.forEach((label, k) => {
      const v = u.data[k + 1]?.[i];
      if (label && v !== null && v !== undefined) parts.push(`${label} ${Number(v.toPrecision(4))}`);
    });
    this.readout.textContent = parts.join(' · ');
  }

  private renderLegend(runs: ShownRun[], any: boolean): void {
    this.legend.replaceChildren();
    if (!any) return;
    if (runs.length > 1)
      for (const r of runs) {
        const item = el('span', '', r.name);
        const swatch = el('i');
        swatch.style.borderColor = r.color;
        item.prepend(swatch);
        this.legend.append(item);
      }
    this.panel.series.forEach((s, k) => {
      const item = el('span', '', s.label);
      const line = el('i');
      line.style.borderTopStyle = k ? 'dashed' : 'solid';
      line.style.borderColor = runs.length === 1 ? runs[0].color : '#555';
      item.prepend(line);
      this.legend.append(item);
    });
  }
}

/** Tick labels; uPlot passes null for a split it hides (on log scales) and gets '' back for it. */
function labels(splits: (number | null)[], log: boolean): string[] {
  const shown = splits.filter((v): v is number => v !== null && Number.isFinite(v));
  const text = formatTicks(shown, log);
  return splits.map((v) => (v === null || !Number.isFinite(v) ? '' : text[shown.indexOf(v)]));
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
