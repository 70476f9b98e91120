/** The dashboard server (lib/dashboard): what it lists and streams, and what a run folder can throw at it. */
import { request } from 'node:http';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BUCKETS } from '../lib/dashboard/metric-buckets.js';
import { startDashboard, type Dashboard } from '../lib/dashboard/server.js';
import { InvalidArgumentError } from '../lib/errors.js';

const open: Dashboard[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

const tmp = () => mkdtempSync(join(tmpdir(), 'wgan-gp-dash-'));
const line = (i: number, extra: Record<string, number> = {}) =>
  JSON.stringify({ iteration: i, criticLoss: -1 / i, wassersteinEstimate: 1 / i, penalty: 0.1, gradNormMean: 1, generatorLoss: 0.5, stepMs: 3, ...extra }) + '\n';

function makeRun(root: string, name: string, lines: number, iterations = lines) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ preset: 'toy-8gaussians-fast', dataset: 'toy-8gaussians', iterations, startedAt: new Date(Date.now() - 10_000).toISOString() }));
  writeFileSync(join(dir, 'metrics.jsonl'), Array.from({ length: lines }, (_, i) => line(i + 1)).join(''));
  return dir;
}

async function start(dir: string, logs: string[] = []) {
  const d = await startDashboard({ dir, port: 0, log: (m) => logs.push(m) });
  open.push(d);
  return d;
}

/** A GET with the path sent exactly as given (fetch would normalise /../). */
function get(d: Dashboard, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const json = async (d: Dashboard, path: string) => {
  const r = await get(d, path);
  expect(r.status, `${path}: ${r.body}`).toBe(200);
  return JSON.parse(r.body);
};

/** The first server-sent event of a kind for a run. */
function nextEvent(d: Dashboard, runs: string[], kind: string): { event: Promise<unknown>; close: () => void } {
  let close = () => {};
  const event = new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path: `/api/events?${runs.map((r) => `run=${r}`).join('&')}` }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
        const m = new RegExp(`event: ${kind}\\ndata: (.*)\\n`).exec(text);
        if (m) resolve(JSON.parse(m[1]));
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
    close = () => req.destroy();
  });
  return { event, close };
}

describe('dashboard server', () => {
  it('binds to 127.0.0.1, lists runs with their progress, and serves config, metrics and samples', async () => {
    const root = tmp();
    makeRun(root, 'b', 30, 100);
    const a = makeRun(root, 'a', 10);
    writeFileSync(join(a, 'samples', 'iter-000010.png'), 'png');
    mkdirSync(join(root, 'not-a-run'));
    const d = await start(root);
    expect(d.host).toBe('127.0.0.1');
    expect(d.url).toBe(`http://127.0.0.1:${d.port}/`);
    expect(d.runs).toBe(2);
    const list = await json(d, '/api/runs');
    expect(list.runs.map((r: { name: string }) => r.name)).toEqual(['a', 'b']);
    const b = list.runs[1];
    expect([b.iteration, b.iterations, b.state]).toEqual([30, 100, 'running']);
    expect(b.iterationsPerSecond).toBeGreaterThan(0);
    expect(b.etaSeconds).toBeCloseTo(70 / b.iterationsPerSecond, 6);
    expect(list.runs[0].state).toBe('finished');
    expect((await json(d, '/api/runs/a')).config.preset).toBe('toy-8gaussians-fast');
    const m = await json(d, '/api/runs/a/metrics');
    expect([m.lines, m.rows, m.width, m.corrupt]).toEqual([10, 10, 1, 0]);
    expect(m.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(m.fields.criticLoss.mean[3]).toBeCloseTo(-0.25, 12);
    expect((await json(d, '/api/runs/a/samples')).samples).toEqual([{ file: 'iter-000010.png', iteration: 10 }]);
    expect((await get(d, '/files/a/samples/iter-000010.png')).body).toBe('png');
    expect((await get(d, '/')).body).toMatch(/<script type="module" src="\/app\/dashboard\/page\/main.js">/);
    expect((await get(d, '/vendor/uPlot.esm.js')).body).toMatch(/export \{ uPlot as default \}/);
    expect((await get(d, '/api/runs/nope')).status).toBe(404);
  });

  it('sends only the rows changed since the page last looked, and an event when lines arrive', async () => {
    const root = tmp();
    const dir = makeRun(root, 'live', 5, 100);
    const d = await start(root);
    const first = await json(d, '/api/runs/live/metrics');
    const { event, close } = nextEvent(d, ['live'], 'metrics');
    await new Promise((r) => setTimeout(r, 700)); // the watcher's first look
    appendFileSync(join(dir, 'metrics.jsonl'), line(6) + line(7));
    expect(await event).toEqual({ kind: 'metrics', run: 'live' });
    close();
    const next = await json(d, `/api/runs/live/metrics?epoch=${first.epoch}&seq=${first.seq}`);
    expect([next.start, next.rows, next.x]).toEqual([5, 7, [6, 7]]);
    expect(next.seq).toBeGreaterThan(first.seq);
    expect((await json(d, `/api/runs/live/metrics?epoch=${next.epoch}&seq=${next.seq}`)).x).toEqual([]);
  });

  it('waits for a partial last line, and skips corrupt lines with a message naming them', async () => {
    const root = tmp();
    const dir = makeRun(root, 'r', 3);
    const file = join(dir, 'metrics.jsonl');
    appendFileSync(file, '{"iteration":4,"criticLo');
    const logs: string[] = [];
    const d = await start(root, logs);
    let m = await json(d, '/api/runs/r/metrics');
    expect([m.lines, m.partial, m.last.iteration]).toEqual([3, true, 3]);
    appendFileSync(file, 'ss":-0.25}\nnot json at all\n{"no":"iteration"}\n' + line(7));
    m = await json(d, '/api/runs/r/metrics');
    expect([m.lines, m.partial, m.corrupt, m.last.iteration]).toEqual([7, false, 2, 7]);
    expect(m.problems[0]).toMatch(/^line 5 is not valid JSON: "not json at all"/);
    expect(m.problems[1]).toMatch(/^line 6 has no numeric "iteration"/);
    expect(logs.join('\n')).toMatch(/r\/metrics.jsonl line 5 is not valid JSON.*\(skipped\)/);
    expect(m.fields.criticLoss.mean.at(3)).toBe(-0.25);
    // a rewritten file (a resumed run truncates it) is read again from the start, as a new epoch
    writeFileSync(file, line(1) + line(2));
    const again = await json(d, `/api/runs/r/metrics?epoch=${m.epoch}&seq=${m.seq}`);
    expect([again.start, again.lines, again.corrupt]).toEqual([0, 2, 0]);
    expect(again.epoch).not.toBe(m.epoch);
  });

  it('says when a watched run is deleted, and keeps serving', async () => {
    const root = tmp();
    const dir = makeRun(root, 'gone', 3);
    makeRun(root, 'stays', 3);
    const d = await start(root);
    const { event, close } = nextEvent(d, ['gone'], 'removed');
    await new Promise((r) => setTimeout(r, 700));
    rmSync(dir, { recursive: true, force: true });
    expect(await event).toEqual({ kind: 'removed', run: 'gone' });
    close();
    expect((await get(d, '/api/runs/gone/metrics')).status).toBe(404);
    expect((await json(d, '/api/runs')).runs.map((r: { name: string }) => r.name)).toEqual(['stays']);
  });

  it('refuses every path outside the folder', async () => {
    const root = tmp();
    const dir = makeRun(root, 'a', 2);
    const outside = tmp();
    writeFileSync(join(outside, 'secret.png'), 'SECRET');
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(join(outside, 'secret.png'), join(dir, 'samples', 'iter-000001.png'));
    const d = await start(root);
    for (const path of [
      '/../',
      '/../etc/passwd',
      '/files/../../etc/passwd',
      '/files/a/samples/..%2F..%2Fconfig.json',
      '/files/a/samples/%2e%2e/config.json',
      '//etc/passwd',
      '/files/%2Fetc%2Fpasswd',
      '/api/runs/..%2F..',
      '/app/..%5C..%5Cpackage.json',
      '/files/a/samples/%00.png',
    ]) {
      const r = await get(d, path);
      expect(r.status, path).toBe(403);
      expect(r.body).toMatch(/refused/);
    }
    for (const path of ['/files/link/samples/secret.png', '/files/a/samples/iter-000001.png', '/files/a/config.json', '/etc/passwd', '/app/package.json', '/app/dashboard/server.js']) {
      const r = await get(d, path);
      expect([403, 404], path).toContain(r.status);
      expect(r.body).not.toMatch(/SECRET|root:|"version"/);
    }
    expect((await get(d, '/api/runs/link')).status).toBe(404);
  });

  it('lists a folder of 300 runs', async () => {
    const root = tmp();
    for (let k = 0; k < 300; k++) makeRun(root, `run-${String(k).padStart(3, '0')}`, 20, 40);
    const d = await start(root);
    const list = await json(d, '/api/runs');
    expect(list.runs).toHaveLength(300);
    expect(list.runs.every((r: { iteration: number; iterations: number }) => r.iteration === 20 && r.iterations === 40)).toBe(true);
  });

  it('streams a run of 1,000,000 lines into at most MAX_BUCKETS rows, answering other requests meanwhile', async () => {
    const root = tmp();
    const dir = join(root, 'big');
    mkdirSync(dir);
    const n = 1_000_000;
    const parts: string[] = [];
    for (let i = 1; i <= n; i++) parts.push(`{"iteration":${i},"criticLoss":${i % 2}}\n`);
    writeFileSync(join(dir, 'metrics.jsonl'), parts.join(''));
    parts.length = 0;
    const d = await start(root);
    let listedFirst = false;
    const metrics = json(d, '/api/runs/big/metrics');
    const list = json(d, '/api/runs').then((l) => {
      listedFirst = true;
      return l;
    });
    const [m, l] = await Promise.all([metrics.then((m) => (expect(listedFirst).toBe(true), m)), list]);
    expect(l.runs[0].iteration).toBe(n);
    expect(m.lines).toBe(n);
    expect(m.rows).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(m.rows).toBeGreaterThan(MAX_BUCKETS / 2);
    // each row is the mean of `width` alternating 0/1 values: 0.5 exactly (the last may be partial)
    expect(m.fields.criticLoss.mean.slice(0, -1).every((v: number) => v === 0.5)).toBe(true);
    expect(m.fields.criticLoss.min[0]).toBe(0);
    expect(m.fields.criticLoss.max[0]).toBe(1);
    expect(m.n.reduce((a: number, b: number) => a + b, 0)).toBe(n);
  });

  it('rejects bad input with clear messages: missing folder, a file, a port in use, unknown options', async () => {
    const root = tmp();
    await expect(startDashboard({ dir: join(root, 'nope'), port: 0 })).rejects.toThrow(/the folder '.*nope' does not exist/);
    writeFileSync(join(root, 'file'), '');
    await expect(startDashboard({ dir: join(root, 'file'), port: 0 })).rejects.toThrow(/is not a folder/);
    await expect(startDashboard({ dir: root, port: 0, colour: 'red' } as never)).rejects.toThrow(InvalidArgumentError);
    await expect(startDashboard({ dir: root, port: 70000 })).rejects.toThrow(/port/);
    const d = await start(root);
    expect(d.runs).toBe(0);
    expect((await json(d, '/api/runs')).runs).toEqual([]);
    const taken = startDashboard({ dir: root, port: d.port });
    await expect(taken).rejects.toThrow(InvalidArgumentError);
    await expect(taken).rejects.toThrow(new RegExp(`--port ${d.port}: the port is in use on 127.0.0.1`));
    // a run folder given: its parent is served, the run chosen
    makeRun(root, 'one', 2);
    const one = await start(join(root, 'one'));
    expect(one.url).toMatch(/\/\?run=one$/);
    expect(one.runs).toBe(1);
  });
});

describe('wgan-gp dashboard (CLI)', () => {
  const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
  it('says what is wrong with a missing folder, and warns about an exposed host and an empty folder', async () => {
    const { execFile } = await import('node:child_process');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'dashboard', join(tmp(), 'nope')], (error, _out, stderr) => resolve({ code: error ? (error as { code: number }).code : 0, stderr })),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wgan-gp: ERR_INVALID_ARGUMENT: dashboard: the folder '.*nope' does not exist/);
    const { announce } = await import('../lib/cli/dashboard.js');
    const lines: string[] = [];
    announce({ url: 'http://0.0.0.0:1/', host: '0.0.0.0', root: '/r', runs: 0 }, (m) => lines.push(m));
    expect(lines.join('\n')).toMatch(/no runs in \/r yet[\s\S]*warning: listening on 0\.0\.0\.0, so other machines can reach it/);
    lines.length = 0;
    announce({ url: 'http://127.0.0.1:1/', host: '127.0.0.1', root: '/r', runs: 2 }, (m) => lines.push(m));
    expect(lines).toEqual(['dashboard: http://127.0.0.1:1/  (2 runs in /r; Ctrl-C to stop)']);
  });
});
