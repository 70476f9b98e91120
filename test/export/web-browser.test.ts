/**
 * The web export in a real browser (Debian's headless Chromium through puppeteer-core): on both backends,
 * WebGPU (Chromium's SwiftShader adapter, which needs --enable-unsafe-webgpu) and plain JavaScript
 * (?backend=js), the page's samples for its seeds equal predict within 1e-3 per value and its controls
 * work; without WebGPU it runs JavaScript and says so; it loads nothing from outside its own folder, and
 * weights that do not fit model.json give a visible message. Screenshots are kept in test-artifacts/.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatorGraph } from '../../lib/export/graph.js';
import { exportGenerator } from '../../lib/export/index.js';
import { writeWebExport } from '../../lib/export/web/write.js';
import { serveFolder, type FolderServer } from '../../lib/export/serve.js';
import { resolveCheckpoint } from '../../lib/eval/evaluate.js';
import { loadCheckpointModels, type CheckpointModels } from '../../lib/sample.js';
import { train } from '../../lib/train/trainer.js';
import { decodeFloat16, encodeFloat16 } from '../../lib/web/float16.js';
import { latentsForSeeds, slerp } from '../../lib/web/latent.js';
import { PRESETS } from '../../lib/presets/index.js';
import { makeRandom } from '../helpers.js';
import { cifarResnetGenerator, LABEL_LAYERS, ODD_GEOMETRY, randomModel, RESNET_LAYERS, trainedRun } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const BACKENDS = ['webgpu', 'js'] as const;
type Backend = (typeof BACKENDS)[number];
/** the status line's name of each backend */
const SAYS: Record<Backend, RegExp> = { webgpu: /\(WebGPU\)$/, js: /\(plain JavaScript: JavaScript was asked for\)$/ };
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface PageState {
  state: string;
  firstSeed: number;
  latents: number[];
  samples: number[];
  ends: [number, number];
  t: number;
  between: number[];
  error: string | null;
  status: string;
  backend: string;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>) {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('web export in headless Chromium', () => {
  let dir: string, run: string, site: string, models: CheckpointModels, browser: Browser, toyRun: Promise<string> | undefined;
  const servers: FolderServer[] = [];
  const blocked: string[] = [];
  const figures: string[] = [];

  /** A page that may load only what lies under `base`: every other request is aborted and recorded. The page
   *  runs `backend` ('js' through ?backend=js, else the default, WebGPU where `on` has it); `on` is the browser. */
  async function open(base: string, backend: Backend = 'webgpu', on = browser): Promise<Page> {
    const page = await on.newPage();
    await page.setRequestInterception(true);
    page.on('request', (r) => (r.url().startsWith(base) ? r.continue() : (blocked.push(r.url()), r.abort())));
    await page.goto(backend === 'js' ? `${base}?backend=js` : base);
    await page.waitForSelector('#app[data-state="ready"], #app[data-state="error"]', { timeout: 60_000 });
    return page;
  }

  const read = (page: Page) =>
    page.evaluate(async () => {
      const app = document.getElementById('app')!;
      const handle = await (window as unknown as { wganGp?: Promise<{ state: Record<string, unknown> }> }).wganGp?.catch(() => undefined);
      const s = handle?.state as { firstSeed: number; latents: Float32Array; samples: Float32Array; ends: [number, number]; t: number; between: Float32Array } | undefined;
      const error = document.querySelector<HTMLElement>('.error[role=alert]');
      return {
        state: app.dataset.state ?? '',
        firstSeed: s?.firstSeed ?? -1,
        latents: Array.from(s?.latents ?? []),
        samples: Array.from(s?.samples ?? []),
        ends: s?.ends ?? [-1, -1],
        t: s?.t ?? -1,
        between: Array.from(s?.between ?? []),
        error: error && !error.hidden ? error.textContent : null,
        status: document.querySelector('.status')?.textContent ?? '',
        backend: app.dataset.backend ?? '',
      } satisfies PageState;
    });

  const serve = async (folder: string) => {
    const server = await serveFolder(folder, { port: 0 });
    servers.push(server);
    return server.url;
  };
  const seeds = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgan-web-'));
    run = await trainedRun();
    site = join(dir, 'site');
    await exportGenerator(run, { format: 'web', out: site });
    models = loadCheckpointModels(resolveCheckpoint(run));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--enable-unsafe-webgpu'] });
  });
  afterAll(async () => {
    console.log(figures.join('\n'));
    await browser?.close();
    for (const s of servers) await s.close();
    models?.dispose();
  });

  describe.each(BACKENDS)('on %s', (backend) => {
    /** expects the page's values within 1e-3 of predict's, and keeps the figure for the log */
    const close = (what: string, page: ArrayLike<number>, predicted: ArrayLike<number>) => {
      const difference = maxDifference(page, predicted);
      figures.push(`${backend}: ${what}: max |page - predict| = ${difference.toExponential(2)}`);
      expect(difference, what).toBeLessThan(1e-3);
    };

    it("the page's samples for seeds 0-15 equal predict within 1e-3; nothing is loaded from outside the folder", async () => {
      const page = await open(await serve(site), backend);
      const s = await read(page);
      expect(s.error).toBeNull();
      expect(s.state).toBe('ready');
      expect(s.firstSeed).toBe(0);
      const z = latentsForSeeds(seeds(0, 16), models.generator.inputSize);
      expect(Float32Array.from(s.latents)).toEqual(z); // the page's seed 7 is `sample --seeds 7`
      const predicted = models.generator.predict(z, 16);
      close('every layer kind, seeds 0-15', s.samples, predicted);
      expect(Math.max(...s.samples) - Math.min(...s.samples)).toBeGreaterThan(0.1); // not a constant picture
      expect(s.backend).toBe(backend);
      expect(s.status).toMatch(/^16 samples in \d+ ms/);
      expect(s.status).toMatch(SAYS[backend]);
      expect(blocked).toEqual([]);
      await page.close();
    });

    it('New samples, choosing the two ends by clicking, and the slider', async () => {
      const page = await open(await serve(site), backend);
      await page.click('button.new-samples');
      await page.waitForFunction(() => document.getElementById('app')!.dataset.state === 'ready' && document.querySelector('.seeds')!.textContent!.startsWith('seeds 16'));
      let s = await read(page);
      expect(s.firstSeed).toBe(16);
      const zDim = models.generator.inputSize;
      const z = latentsForSeeds(seeds(16, 16), zDim);
      close('every layer kind, seeds 16-31', s.samples, models.generator.predict(z, 16));

      // the grid is 4 x 4: click sample 5 (row 1, column 1), then sample 14 (row 3, column 2)
      const box = (await (await page.$('canvas.grid'))!.boundingBox())!;
      const at = (i: number) => page.mouse.click(box.x + ((i % 4) + 0.5) * (box.width / 4), box.y + (Math.floor(i / 4) + 0.5) * (box.height / 4));
      await at(5);
      await at(14);
      await page.$eval('.slider', (el) => {
        (el as HTMLInputElement).value = '25';
        el.dispatchEvent(new Event('input'));
      });
      await page.waitForFunction(() => document.getElementById('app')!.dataset.state === 'ready'); // the move started a drawing at once
      s = await read(page);
      expect(s.ends).toEqual([5, 14]);
      expect(s.t).toBe(0.25);
      const between = slerp(z.subarray(5 * zDim, 6 * zDim), z.subarray(14 * zDim, 15 * zDim), 0.25);
      close('every layer kind, the slider', s.between, models.generator.predict(between, 1));
      expect(maxDifference(s.between, s.samples.slice(5 * 784, 6 * 784))).toBeGreaterThan(1e-3); // it moved off end A

      mkdirSync(ARTIFACTS, { recursive: true });
      const shot = join(ARTIFACTS, `web-sampler-${backend}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(5000);
      expect(blocked).toEqual([]);
      await page.close();
    });

    it('`wgan-gp export --half` halves the download and still equals predict (with the rounded weights) within 1e-3', async () => {
      const half = join(dir, 'site-half');
      const exit = await new Promise<number | null>((done) =>
        spawn(process.execPath, ['dist/cli/main.js', 'export', run, '--format', 'web', '--out', half, '--half'], { stdio: 'inherit' }).on('exit', done),
      );
      expect(exit).toBe(0);
      expect(statSync(join(half, 'weights.bin')).size * 2).toBe(statSync(join(site, 'weights.bin')).size);
      const page = await open(await serve(half), backend);
      const s = await read(page);
      expect(s.error).toBeNull();
      const rounded = loadCheckpointModels(resolveCheckpoint(run));
      try {
        rounded.generator.setParameters(Object.fromEntries(Object.entries(rounded.generator.parameters()).map(([k, t]) => [k, decodeFloat16(encodeFloat16(t.data))])));
        const z = latentsForSeeds(seeds(0, 16), rounded.generator.inputSize);
        close('every layer kind, float16', s.samples, rounded.generator.predict(z, 16));
      } finally {
        rounded.dispose();
      }
      await page.close();
    });

    it('a generator of 2-D points: a scatter of 512 samples that equal predict within 1e-3', async () => {
      const outDir = join(dir, 'toy-run'), toySite = join(dir, 'site-toy');
      toyRun ??= train({ preset: 'toy-8gaussians-fast', iterations: 2, outDir, checkpointEvery: 2, sampleEvery: 2, evalEvery: 0 })
        .result.then(() => exportGenerator(outDir, { format: 'web', out: toySite }))
        .then(() => outDir);
      await toyRun;
      const page = await open(await serve(toySite), backend);
      const s = await read(page);
      expect(s.error).toBeNull();
      const toy = loadCheckpointModels(resolveCheckpoint(outDir));
      try {
        expect(s.backend).toBe(backend);
        close('toy-8gaussians-fast, 512 points', s.samples, toy.generator.predict(latentsForSeeds(seeds(0, 512), 2), 512));
        const [a, b] = s.ends.map((e) => latentsForSeeds([e], 2));
        close('toy-8gaussians-fast, the slider', s.between, toy.generator.predict(slerp(a, b, s.t), 1));
      } finally {
        toy.dispose();
      }
      await page.setViewport({ width: 800, height: 900 });
      await page.screenshot({ path: join(ARTIFACTS, `web-sampler-points-${backend}.png`), fullPage: true });
      await page.close();
    });

    it('a cifar-resnet generator (residual blocks, upsample2d): the page equals predict within 1e-3', async () => {
      const resnet = randomModel(cifarResnetGenerator(8), 5);
      try {
        const resnetSite = join(dir, 'site-resnet');
        await writeWebExport(generatorGraph(resnet), resnetSite, { title: 'cifar-resnet', dataset: 'cifar10', iteration: 0, range: [-1, 1], half: false });
        const page = await open(await serve(resnetSite), backend);
        const s = await read(page);
        expect(s.error).toBeNull();
        expect(s.backend).toBe(backend);
        close('cifar-resnet (C = 8)', s.samples, resnet.predict(latentsForSeeds(seeds(0, 16), 128), 16));
        await page.close();
      } finally {
        resnet.dispose();
      }
    });

    it('a conditional generator: a class picker of its classes; the samples of the chosen class equal predict within 1e-3', async () => {
      const conditional = randomModel(LABEL_LAYERS, 6);
      try {
        const labelSite = join(dir, 'site-labels');
        await writeWebExport(generatorGraph(conditional), labelSite, { title: 'labels', dataset: 'images', iteration: 0, range: [-1, 1], half: false, classNames: ['cat', 'dog', 'owl'] });
        const page = await open(await serve(labelSite), backend);
        let s = await read(page);
        expect(s.error).toBeNull();
        expect(await page.$$eval('select.class option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]))).toEqual([['0', 'cat'], ['1', 'dog'], ['2', 'owl']]);
        const z = latentsForSeeds(seeds(0, 16), 6);
        expect(s.backend).toBe(backend);
        close('the label-reading kinds, class 0', s.samples, conditional.predict(z, 16, { labels: new Int32Array(16) }));
        await page.select('select.class', '2');
        // the change starts the new grid at once (state 'busy'), so 'ready' after it is the class-2 grid
        await page.waitForFunction(() => document.getElementById('app')!.dataset.state === 'ready');
        s = await read(page);
        expect(s.firstSeed).toBe(0); // the same seeds, another class
        close('the label-reading kinds, class 2', s.samples, conditional.predict(z, 16, { labels: new Int32Array(16).fill(2) }));
        expect(maxDifference(s.samples, conditional.predict(z, 16, { labels: new Int32Array(16) }))).toBeGreaterThan(1e-3);
        await page.close();
      } finally {
        conditional.dispose();
      }
    });
  });

  const apiModels = {
    'odd geometries': ODD_GEOMETRY,
    'the ResNet kinds, nested residual blocks': RESNET_LAYERS,
    mnist: PRESETS.mnist.generator,
    cifar: PRESETS.cifar.generator,
    'cifar-resnet': PRESETS['cifar-resnet'].generator,
    'cifar-resnet-conditional': PRESETS['cifar-resnet-conditional'].generator,
    'mnist-conditional': PRESETS['mnist-conditional'].generator,
  };
  it.each(Object.keys(apiModels) as (keyof typeof apiModels)[])('%s: loadGenerator in the page runs WebGPU and generate() equals predict within 1e-3', async (name) => {
    const model = randomModel(apiModels[name], 8);
    try {
      const modelSite = join(dir, `site-api-${name.replace(/\W+/g, '-')}`);
      await writeWebExport(generatorGraph(model), modelSite, { title: name, dataset: 'images', iteration: 0, range: [-1, 1], half: false });
      // not index.html, whose grid would cost a whole batch more: a page of the same origin (a secure context) loads the module
      const base = await serve(modelSite), page = await browser.newPage();
      await page.goto(`${base}model.json`);
      await page.evaluate(`import('${base}sampler/index.js').then((module) => { window.web = module; })`); // a string: vitest would rewrite import()
      const rnd = makeRandom(8), n = 3;
      const z = rnd.array(n * model.inputSize, -2, 2), labels = model.labelClasses ? rnd.labels(n, model.labelClasses) : undefined;
      const got = await page.evaluate(async (zs: number[], ls: number[] | null) => {
        const web = (window as unknown as { web: { loadGenerator(url: string): Promise<{ backend: string; backendNote: string | null; generate(z: Float32Array, o: object): Promise<Float32Array> }> } }).web;
        const g = await web.loadGenerator('./model.json');
        const samples = await g.generate(Float32Array.from(zs), ls ? { labels: ls } : {});
        return { backend: g.backend, note: g.backendNote, samples: Array.from(samples) };
      }, Array.from(z), labels ? Array.from(labels) : null);
      expect(got.note).toBeNull();
      expect(got.backend).toBe('webgpu');
      const difference = maxDifference(got.samples, model.predict(z, n, labels ? { labels } : {}));
      figures.push(`webgpu (API): ${name}: max |page - predict| = ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-3);
      if (model.labelClasses) {
        const refused = await page.evaluate(async (zs: number[], ls: number[]) => {
          const web = (window as unknown as { web: { loadGenerator(url: string): Promise<{ generate(z: Float32Array, o: object): Promise<Float32Array> }> } }).web;
          return (await web.loadGenerator('./model.json')).generate(Float32Array.from(zs), { labels: ls }).then(() => 'generated', (e: Error) => e.message);
        }, Array.from(z), [0, 1, model.labelClasses]);
        expect(refused).toBe(`label ${model.labelClasses} is not a class in [0, ${model.labelClasses - 1}]`); // the GPU's labels are checked too
      }
      await page.close();
    } finally {
      model.dispose();
    }
  }, 300_000);

  it('without WebGPU (Chromium without --enable-unsafe-webgpu) the page runs plain JavaScript, says why, and equals predict', async () => {
    const plain = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await open(await serve(site), 'webgpu', plain);
      const s = await read(page);
      expect(s.error).toBeNull();
      expect(s.backend).toBe('js');
      expect(s.status).toMatch(/\(plain JavaScript: WebGPU offers no adapter here\)$/);
      expect(maxDifference(s.samples, models.generator.predict(latentsForSeeds(seeds(0, 16), models.generator.inputSize), 16))).toBeLessThan(1e-3);
    } finally {
      await plain.close();
    }
  });

  it('weights that do not match model.json, or a missing sampler file, give a visible message, not a blank page', async () => {
    const bad = join(dir, 'site-bad');
    cpSync(site, bad, { recursive: true });
    truncateSync(join(bad, 'weights.bin'), statSync(join(bad, 'weights.bin')).size - 8);
    let page = await open(await serve(bad));
    let s = await read(page);
    expect(s.state).toBe('error');
    expect(s.error).toMatch(/^Cannot show samples: weights\.bin has \d+ bytes but model\.json describes \d+ float32 values .* do not belong to this model/);
    expect(await page.$eval('.error', (el) => (el as HTMLElement).offsetHeight)).toBeGreaterThan(0);
    await page.close();

    const broken = join(dir, 'site-broken');
    cpSync(site, broken, { recursive: true });
    rmSync(join(broken, 'sampler', 'format.js'));
    page = await open(await serve(broken));
    s = await read(page);
    expect(s.state).toBe('error');
    expect(s.error).toMatch(/^Cannot show samples: /);
    await page.close();
  });

  it('serve answers only for files inside its folder, on 127.0.0.1', async () => {
    const url = await serve(site);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const get = (path: string) =>
      new Promise<number>((done, fail) => request(new URL(url), { path }, (r) => (r.resume(), done(r.statusCode!))).on('error', fail).end());
    expect(await get('/model.json')).toBe(200);
    expect(await get('/sampler/index.js')).toBe(200);
    for (const outside of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/sampler/../../site-bad/weights.bin', '/.hidden'])
      expect(await get(outside), outside).toBe(404);
  });

  it('`wgan-gp serve <folder> --port 0` prints its address, serves the page and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((done) => child.stdout.on('data', (d: Buffer) => /(http:\/\/\S+)/.test(String(d)) && done(/(http:\/\/\S+)/.exec(String(d))![1])));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('./sampler/index.js');
    child.kill('SIGINT');
    expect(await new Promise((done) => child.on('exit', done))).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<title>');
  });
});
