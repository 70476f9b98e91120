/**
 * The dashboard page: the list of runs, and for the chosen ones their curves, sample grids,
 * configuration and progress, kept live by server-sent events (the server says what changed; the
 * page fetches only the rows changed since its last update). Runs are chosen in the URL (?run=A&run=B).
 */
import { METRIC_PANELS, X_FIELD, type MetricPanel } from '../../render/metric-panels.js';
import { getJson, runPath, type MetricsUpdate, type RunInfo, type RunList, type SampleList } from './api.js';
import { ChartPanel, el, type ShownRun } from './chart-panel.js';
import { renderProgress } from './progress-view.js';
import { RunData } from './run-data.js';
import { SamplesView } from './samples-view.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const $ = (id: string) => document.getElementById(id)!;

interface RunState {
  color: string;
  data: RunData;
  info: RunInfo | null;
  samples: SampleList['samples'];
  loading: boolean;
  error: string | null;
  /** a fetch is running / another was asked for meanwhile */
  busy: Set<string>;
  again: Set<string>;
}

let list: RunList = { root: '', runs: [] };
let selected: string[] = new URLSearchParams(location.search).getAll('run');
let focus: string | null = null;
let smoothing = Number(($('smoothing') as HTMLSelectElement).value);
let events: EventSource | null = null;
let connectionProblem: string | null = null;
const removed = new Set<string>();
const runs = new Map<string, RunState>();
const panels = new Map<string, ChartPanel>();
const samplesView = new SamplesView($('samples'), (run) => {
  focus = run;
  render();
});

function state(name: string): RunState {
  let s = runs.get(name);
  if (!s) {
    const used = new Set([...runs.values()].map((r) => r.color));
    const color = PALETTE.find((c) => !used.has(c)) ?? PALETTE[runs.size % PALETTE.length];
    s = { color, data: new RunData(), info: null, samples: [], loading: true, error: null, busy: new Set(), again: new Set() };
    runs.set(name, s);
  }
  return s;
}

/** Runs `job` for a run, one at a time per kind; a call while one runs asks for one more run after it. */
async function once(name: string, kind: string, job: (s: RunState) => Promise<void>): Promise<void> {
  const s = state(name);
  if (s.busy.has(kind)) {
    s.again.add(kind);
    return;
  }
  s.busy.add(kind);
  try {
    do {
      s.again.delete(kind);
      await job(s);
      s.error = null;
    } while (s.again.has(kind));
  } catch (error) {
    s.error = (error as Error).message;
  } finally {
    s.busy.delete(kind);
    render();
  }
}

const fetchMetrics = (name: string) =>
  once(name, 'metrics', async (s) => {
    s.data.apply(await getJson<MetricsUpdate>(`${runPath(name)}/metrics?epoch=${s.data.epoch}&seq=${s.data.seq}`));
    s.loading = false;
  });
const fetchInfo = (name: string) => once(name, 'info', async (s) => void (s.info = await getJson<RunInfo>(runPath(name))));
const fetchSamples = (name: string) => once(name, 'samples', async (s) => void (s.samples = (await getJson<SampleList>(`${runPath(name)}/samples`)).samples));

async function fetchList(): Promise<void> {
  try {
    list = await getJson<RunList>('/api/runs');
    connectionProblem = null;
  } catch (error) {
    connectionProblem = `cannot reach the dashboard server: ${(error as Error).message}`;
  }
  if (selected.length === 0 && list.runs.length) {
    // the run written most recently
    const newest = [...list.runs].sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0))[0];
    select([newest.name]);
  }
  render();
}

function select(names: string[]): void {
  selected = [...new Set(names)];
  for (const name of [...runs.keys()]) if (!selected.includes(name)) runs.delete(name);
  if (!focus || !selected.includes(focus)) focus = selected[0] ?? null;
  const query = new URLSearchParams(selected.map((r) => ['run', r]));
  history.replaceState(null, '', selected.length ? `?${query}` : location.pathname);
  events?.close();
  events = new EventSource(`/api/events?${query}`);
  events.addEventListener('open', () => {
    connectionProblem = null;
    render();
  });
  events.addEventListener('error', () => {
    connectionProblem = 'the connection to the dashboard server was lost; retrying';
    render();
  });
  events.addEventListener('runs', () => void fetchList());
  events.addEventListener('metrics', (e) => {
    const { run } = JSON.parse((e as MessageEvent).data);
    void fetchMetrics(run);
    void fetchInfo(run);
  });
  events.addEventListener('samples', (e) => void fetchSamples(JSON.parse((e as MessageEvent).data).run));
  events.addEventListener('config', (e) => void fetchInfo(JSON.parse((e as MessageEvent).data).run));
  events.addEventListener('removed', (e) => {
    const { run } = JSON.parse((e as MessageEvent).data);
    removed.add(run);
    select(selected.filter((r) => r !== run));
    void fetchList();
  });
  for (const name of selected) {
    removed.delete(name);
    void fetchMetrics(name);
    void fetchInfo(name);
    void fetchSamples(name);
  }
  render();
}

let frame = 0;
function render(): void {
  if (!frame) frame = requestAnimationFrame(draw);
}

function draw(): void {
  frame = 0;
  drawList();
  drawMessages();
  const shown: ShownRun[] = selected.map((name) => ({ name, color: state(name).color, data: state(name).data }));
  renderProgress(
    $('progress'),
    selected.map((name) => ({ name, color: state(name).color, summary: state(name).info?.summary ?? null, lastIteration: state(name).data.lastIteration })),
  );
  drawCharts(shown);
  samplesView.update(selected, focus, focus ? state(focus).samples : []);
  drawConfig();
}

function drawList(): void {
  $('root').textContent = list.root ? `folder: ${list.root} (${list.runs.length} run${list.runs.length === 1 ? '' : 's'})` : '';
  const filter = ($('filter') as HTMLInputElement).value.trim().toLowerCase();
  const items = list.runs
    .filter((r) => !filter || r.name.toLowerCase().includes(filter))
    .map((r) => {
      const li = el('li', selected.includes(r.name) ? 'selected' : '');
      li.dataset.run = r.name;
      const box = Object.assign(el('input'), { type: 'checkbox', checked: selected.includes(r.name), title: 'overlay this run' });
      box.addEventListener('click', (e) => {
        e.stopPropagation();
        select(box.checked ? [...selected, r.name] : selected.filter((n) => n !== r.name));
      });
      const swatch = el('span', 'swatch');
      swatch.style.background = selected.includes(r.name) ? state(r.name).color : 'transparent';
      const progress = r.iteration !== null ? (r.iterations ? `${Math.round((100 * r.iteration) / r.iterations)}%` : String(r.iteration)) : '';
      li.append(box, swatch, el('span', 'name', r.name), el('span', 'state', `${r.state} ${progress}`));
      li.addEventListener('click', () => select([r.name]));
      return li;
    });
  $('runs').replaceChildren(...items);
}

function drawMessages(): void {
  const messages: [string, string][] = [];
  if (connectionProblem) messages.push(['error', connectionProblem]);
  if (list.problem) messages.push(['error', list.problem]);
  if (list.root && list.runs.length === 0 && !list.problem)
    messages.push(['', `No runs in ${list.root} yet. A run is a folder with metrics.jsonl (wgan-gp train --out ${list.root}/NAME); new ones appear here by themselves.`]);
  for (const run of removed) messages.push(['', `The run ${run} was deleted; it is no longer shown.`]);
  for (const name of selected) {
    const s = state(name);
    if (s.error) messages.push(['error', `${name}: ${s.error}`]);
    if (s.info?.summary.configProblem) messages.push(['', `${name}: ${s.info.summary.configProblem}`]);
    if (s.data.corrupt)
      messages.push(['', `${name}: metrics.jsonl has ${s.data.corrupt} corrupt line${s.data.corrupt > 1 ? 's' : ''}, skipped: ${s.data.problems.slice(0, 3).join('; ')}`]);
    if (s.loading && !s.error) messages.push(['', `${name}: reading metrics.jsonl…`]);
  }
  $('messages').replaceChildren(...messages.map(([kind, text]) => el('div', `message ${kind}`, text)));
}

function drawCharts(shown: ShownRun[]): void {
  const known = new Set(METRIC_PANELS.flatMap((p) => p.series.map((s) => s.field)));
  const extra: MetricPanel[] = [...new Set(shown.flatMap((r) => r.data.fieldNames()))]
    .filter((f) => !known.has(f) && f !== X_FIELD)
    .sort()
    .map((field) => ({ id: `field-${field}`, title: field, group: 'timing', series: [{ field, label: field, color: '#555' }] }));
  const wanted = [...METRIC_PANELS, ...extra].filter((p) => ChartPanel.hasData(p, shown));
  for (const [id, panel] of panels) if (!wanted.some((p) => p.id === id)) (panel.destroy(), panels.delete(id));
  const box = $('charts');
  wanted.forEach((p, k) => {
    let panel = panels.get(p.id);
    if (!panel) panels.set(p.id, (panel = new ChartPanel(p)));
    if (box.children[k] !== panel.element) box.insertBefore(panel.element, box.children[k] ?? null);
    panel.update(shown, smoothing);
  });
  if (wanted.length === 0 && selected.length)
    box.replaceChildren(el('div', 'empty', selected.some((n) => state(n).loading) ? 'reading metrics…' : 'no metrics yet'));
  else box.querySelector(':scope > .empty')?.remove();
}

function drawConfig(): void {
  const info = focus ? state(focus).info : null;
  const root = $('config');
  root.replaceChildren(el('h3', '', focus ? `configuration of ${focus}` : 'configuration'));
  if (info?.config) root.append(el('pre', '', JSON.stringify(info.config, null, 2)));
}

$('filter').addEventListener('input', render);
$('smoothing').addEventListener('change', (e) => {
  smoothing = Number((e.target as HTMLSelectElement).value);
  render();
});
new ResizeObserver(() => {
  for (const panel of panels.values()) panel.resize(Math.max(300, panel.element.clientWidth - 20));
}).observe($('charts'));
setInterval(render, 5000); // "last written N s ago" ages
setInterval(() => void fetchList(), 10_000); // the list's states and percentages
if (selected.length) select(selected);
void fetchList();
