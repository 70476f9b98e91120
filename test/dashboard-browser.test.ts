/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by puppeteer-core): a short
 * training run with --dashboard, its curves and sample grid, a new metrics line appearing while it
 * runs, two runs overlaid, a corrupt line and a deleted run reported in the page, refused paths. The
 * screenshot is kept in test-artifacts/dashboard.png (docs/dashboard.png in README is one of these).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

let browser: Browser;
let page: Page;
let training: ChildProcess;
let url = '';
let stderr = '';
/** uncaught errors in the page, checked after each test */
const pageErrors: string[] = [];
const root = join(mkdtempSync(join(tmpdir(), 'wgan-gp-browser-')), 'runs');

/** A finished run of 400 iterations written by hand, to overlay on the live one. */
function writeOldRun() {
  const dir = join(root, 'old');
  mkdirSync(join(dir, 'samples'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ preset: 'toy-8gaussians-fast', iterations: 400, startedAt: new Date().toISOString() }));
  const lines = Array.from({ length: 400 }, (_, k) => {
    const i = k + 1;
    const held = i % 50 === 0 ? { heldOutCriticLoss: -0.5 + i / 1000, heldOutWassersteinEstimate: 0.5 } : {};
    return JSON.stringify({ iteration: i, criticLoss: -0.6 + i / 1000, wassersteinEstimate: 0.6 - i / 1000, penalty: 0.05, gradNormMean: 1.1, generatorLoss: 0.2, stepMs: 4, ...held });
  });
  writeFileSync(join(dir, 'metrics.jsonl'), lines.join('\n') + '\n');
}

const chart = (panel: string) =>
  page.evaluate((p) => {
    const el = document.querySelector<HTMLElement>(`.chart[data-panel="${p}"]`);
    return el ? { rows: Number(el.dataset.rows), series: Number(el.dataset.series), last: Number(el.dataset.lastIteration), legend: el.querySelector('.legend')!.textContent, canvas: (el.querySelector('canvas')?.width ?? 0) > 0 } : null;
  }, panel);
const progressOf = (run: string) => page.evaluate((r) => Number(document.querySelector<HTMLElement>(`#progress .run[data-run="${r}"]`)?.dataset.iteration || 0), run);
const messages = () => page.evaluate(() => document.getElementById('messages')!.textContent ?? '');

function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard in chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`);
    mkdirSync(root, { recursive: true });
    writeOldRun();
    // long enough to still be running while the page is checked; stopped with Ctrl-C at the end
    training = spawn(process.execPath, [CLI, 'train', '--preset', 'toy-8gaussians-fast', '--iterations', '200000', '--sample-every', '20', '--threads', '1', '--out', join(root, 'live'), '--dashboard', '0']);
    url = await new Promise<string>((resolve, reject) => {
      training.stderr!.on('data', (d) => {
        stderr += d;
        const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?run=live)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      training.on('exit', (code) => reject(new Error(`train exited (${code}): ${stderr}`)));
    });
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack}`));
    await page.setViewport({ width: 1400, height: 1000 });
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (training && training.exitCode === null) {
      const exited = new Promise((r) => training.on('exit', r));
      training.kill('SIGINT');
      await exited;
    }
  });

  it('shows the live run: curves, the sample grid, progress, and new lines while it trains', async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.chart[data-panel="critic-loss"]')?.dataset.rows) > 0, { timeout: 30_000 });
    for (const panel of ['critic-loss', 'wasserstein', 'penalty', 'grad-norm', 'generator-loss', 'step-time']) {
      const c = await chart(panel);
      expect(c, panel).not.toBeNull();
      expect(c!.canvas).toBe(true);
      expect(c!.rows).toBeGreaterThan(0);
    }
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('#samples img')?.naturalWidth ?? 0) > 0, { timeout: 30_000 });
    const grid = await page.evaluate(() => Number(document.querySelector<HTMLImageElement>('#samples img')!.dataset.iteration));
    expect(grid % 20).toBe(0);
    expect(await page.evaluate(() => document.querySelector('#config pre')?.textContent)).toMatch(/"preset": "toy-8gaussians-fast"/);
    // a line written after the page loaded shows up in the page by itself
    const before = await progressOf('live');
    const chartBefore = (await chart('critic-loss'))!.last;
    await page.waitForFunction((b) => Number(document.querySelector<HTMLElement>('#progress .run[data-run="live"]')?.dataset.iteration) > b + 5, { timeout: 20_000 }, before);
    await page.waitForFunction((b) => Number(document.querySelector<HTMLElement>('.chart[data-panel="critic-loss"]')?.dataset.lastIteration) > b, { timeout: 20_000 }, chartBefore);
    expect(await page.evaluate(() => document.querySelector('#progress')!.textContent)).toMatch(/running · iteration [\d,]+ \/ 200,000 · [\d.]+ it\/s · ETA/);
  });

  it('overlays two runs on the same axes with a legend, and reports a corrupt line and a deleted run', async () => {
    await page.goto(url + '&run=old', { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.chart[data-panel="critic-loss"]')?.dataset.series) === 4, { timeout: 30_000 });
    const c = (await chart('critic-loss'))!;
    expect(c.legend).toMatch(/live.*old.*train.*held-out/);
    expect(await chart('wasserstein')).toMatchObject({ series: 4, canvas: true }); // train and held-out of each run
    for (const panel of ['penalty', 'grad-norm', 'generator-loss']) expect(await chart(panel), panel).toMatchObject({ series: 2, canvas: true });
    expect(c.last).toBeGreaterThanOrEqual(400);
    await page.waitForFunction(() => document.querySelectorAll('#runs li.selected').length === 2, { timeout: 10_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });

    appendFileSync(join(root, 'old', 'metrics.jsonl'), '{"iteration": 401, "criticLoss": \n');
    await page.waitForFunction(() => /old: metrics.jsonl has 1 corrupt line, skipped: line 401 is not valid JSON/.test(document.getElementById('messages')!.textContent!), { timeout: 15_000 });
    await vi.waitFor(() => expect(stderr).toMatch(/old\/metrics.jsonl line 401 is not valid JSON/), { timeout: 5000 }); // the terminal says so too

    rmSync(join(root, 'old'), { recursive: true, force: true });
    await page.waitForFunction(() => /The run old was deleted/.test(document.getElementById('messages')!.textContent!), { timeout: 15_000 });
    expect((await chart('critic-loss'))!.legend).not.toMatch(/old/);
    expect(await messages()).not.toMatch(/cannot reach/);
  });

  it('refuses paths outside the folder', async () => {
    for (const path of ['/../', '/../../etc/passwd', '//etc/passwd', '/files/live/samples/..%2F..%2F..%2Fetc%2Fpasswd', `/files/${encodeURIComponent('/etc/passwd')}`]) {
      const r = await rawGet(path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toMatch(/root:/);
    }
    // the browser normalises /../ away; what it asks for instead stays inside too
    const res = await page.goto(new URL('/files/live/../../../etc/passwd', url).href);
    expect(res!.status()).toBe(404);
  });

  it('keeps the page responsive on a run of 1,000,000 lines', async () => {
    const dir = join(root, 'huge');
    mkdirSync(dir);
    const parts: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) parts.push(`{"iteration":${i},"criticLoss":${Math.sin(i / 1e4)},"penalty":${1 / i}}\n`);
    writeFileSync(join(dir, 'metrics.jsonl'), parts.join(''));
    parts.length = 0;
    await page.goto(url.replace('run=live', 'run=huge'), { waitUntil: 'load' });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.chart[data-panel="critic-loss"]')?.dataset.rows) > 0, { timeout: 60_000 });
    const c = (await chart('critic-loss'))!;
    expect(c.rows).toBeLessThanOrEqual(2000);
    expect(c.last).toBeGreaterThan(999_000);
    // the page answers at once, and redraws a chart of every shown row in well under a second
    const ms = await page.evaluate(() => {
      const t0 = performance.now();
      document.getElementById('smoothing')!.dispatchEvent(new Event('change'));
      return new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0))));
    });
    expect(ms).toBeLessThan(1000);
    expect((await chart('penalty'))!.rows).toBeGreaterThan(0);
  });
});
