/**
 * The sampler page's controls: a grid of samples for consecutive seeds, a "New samples" button, and a
 * slider that walks the latent arc between two chosen samples (ends A and B); for a conditional generator a
 * class picker (every sample is drawn for the chosen class). The status line says whether the samples come
 * from WebGPU or from plain JavaScript (and why). Every failure, a weights file that does not match
 * model.json included, is shown in the page's alert box.
 */
import { drawImages, drawPoints, isPoints, type Picture } from './draw.js';
import { loadGenerator, type BackendChoice, type WebGenerator } from './generator.js';
import { latentsForSeeds, slerp } from './latent.js';

export interface SamplerOptions {
  /** model.json's URL (default './model.json', beside the page) */
  model?: string;
  /** samples in the grid (default 16 images, 512 points) */
  count?: number;
  /** 'auto' (default): WebGPU where the browser has it, else plain JavaScript; 'js': plain JavaScript only */
  backend?: BackendChoice;
}

export interface SamplerState {
  /** the grid shows seeds firstSeed .. firstSeed + count - 1 */
  firstSeed: number;
  count: number;
  latents: Float32Array;
  samples: Float32Array;
  /** grid positions of the interpolation's ends */
  ends: [number, number];
  /** position on the arc from A (0) to B (1) */
  t: number;
  between: Float32Array;
  /** the class every sample is drawn for (a conditional generator; 0 otherwise) */
  label: number;
}

export interface SamplerHandle {
  generator: WebGenerator;
  state: SamplerState;
  newSamples(): Promise<void>;
  setEnd(which: 0 | 1, index: number): Promise<void>;
  setT(t: number): Promise<void>;
  /** a conditional generator: draws the same seeds for another class */
  setClass(label: number): Promise<void>;
}

const html = `
  <h1 class="title">wgan-gp sampler</h1>
  <p class="status" role="status">loading the model…</p>
  <p class="error" role="alert" hidden></p>
  <section class="controls" hidden>
    <button type="button" class="new-samples">New samples</button>
    <label class="class-picker" hidden>class <select class="class"></select></label>
    <span class="seeds"></span>
    <div><canvas class="grid" title="click a sample to make it an end of the interpolation"></canvas></div>
    <h2>Interpolation</h2>
    <p class="hint">Click a sample above to set end A, then end B; the slider walks the latent arc between them.</p>
    <div class="interpolation">
      <canvas class="end-a"></canvas>
      <input type="range" class="slider" min="0" max="100" value="50" aria-label="position between A and B">
      <canvas class="end-b"></canvas>
      <canvas class="between"></canvas>
    </div>
  </section>`;

/** Builds the page inside `root` and loads the model; resolves once the first grid is drawn. */
export async function mountSampler(root: HTMLElement, options: SamplerOptions = {}): Promise<SamplerHandle> {
  root.innerHTML = html;
  const $ = <T extends Element>(selector: string) => root.querySelector(selector) as T;
  const status = $<HTMLElement>('.status'), errorBox = $<HTMLElement>('.error');
  const fail = (error: unknown) => {
    root.dataset.state = 'error';
    errorBox.hidden = false;
    errorBox.textContent = `Cannot show samples: ${(error as Error)?.message ?? error}`;
    status.textContent = 'failed';
  };
  root.dataset.state = 'loading';
  try {
    const generator = await loadGenerator(options.model ?? './model.json', { backend: options.backend });
    root.dataset.backend = generator.backend;
    const handle = controls(root, generator, options.count, status, fail);
    $<HTMLButtonElement>('.new-samples').addEventListener('click', () => handle.newSamples().catch(fail));
    const picker = $<HTMLSelectElement>('select.class');
    picker.addEventListener('change', () => handle.setClass(Number(picker.value)).catch(fail));
    await handle.newSamples(0);
    return handle;
  } catch (error) {
    fail(error);
    throw error;
  }
}

function controls(root: HTMLElement, generator: WebGenerator, count: number | undefined, status: HTMLElement, fail: (error: unknown) => void) {
  const $ = <T extends Element>(selector: string) => root.querySelector(selector) as T;
  const d = generator.description;
  const picture: Picture = { shape: d.outputShape, range: d.range };
  const points = isPoints(picture);
  if (!points && !(d.outputShape.length === 3 && [1, 3].includes(d.outputShape[0])))
    throw new Error(`samples of shape [${d.outputShape}] cannot be drawn (expected images [1 or 3, h, w] or 2-D points)`);
  const n = count ?? (points ? 512 : 16), cols = Math.ceil(Math.sqrt(n));
  const scale = points ? 1 : Math.max(1, Math.round(96 / d.outputShape[2]));
  const z = generator.zDim, size = generator.sampleSize;
  const state: SamplerState = { firstSeed: 0, count: n, latents: new Float32Array(0), samples: new Float32Array(0), ends: [0, 1], t: 0.5, between: new Float32Array(0), label: 0 };
  const classes = generator.classes;
  if (classes) {
    const picker = $<HTMLSelectElement>('select.class');
    for (const [k, name] of classes.names.entries()) picker.add(new Option(name, String(k)));
    $<HTMLElement>('.class-picker').hidden = false;
  }
  const generate = (latents: Float32Array) => generator.generate(latents, classes ? { labels: new Array<number>(latents.length / z).fill(state.label) } : {});
  const how = generator.backend === 'webgpu' ? 'WebGPU' : `plain JavaScript: ${generator.backendNote}`;
  $<HTMLElement>('.title').textContent = d.title;
  $<HTMLElement>('section.controls').hidden = false;
  const grid = $<HTMLCanvasElement>('canvas.grid'), slider = $<HTMLInputElement>('.slider');
  const endCanvas = [$<HTMLCanvasElement>('canvas.end-a'), $<HTMLCanvasElement>('canvas.end-b')];
  let cell = 0, nextEnd: 0 | 1 = 0, busy = 0, drawing = 0;
  // the page is 'busy' while any drawing runs (a slider move may start one while the grid is drawn)
  const working = async (work: () => Promise<void>) => {
    busy++;
    root.dataset.state = 'busy';
    try {
      await work();
    } finally {
      if (--busy === 0) root.dataset.state = 'ready';
    }
  };

  const sampleAt = (i: number) => state.samples.subarray(i * size, (i + 1) * size);
  const latentAt = (i: number) => state.latents.subarray(i * z, (i + 1) * z);
  const drawInterpolation = async () => {
    const ticket = ++drawing;
    const [a, b] = state.ends.map(latentAt);
    // the point at t, then (for 2-D points) the path of 33 points from A to B
    const ts = [state.t, ...(points ? Array.from({ length: 33 }, (_, k) => k / 32) : [])];
    const latents = new Float32Array(ts.length * z);
    ts.forEach((t, k) => latents.set(slerp(a, b, t), k * z));
    const out = await generate(latents);
    if (ticket !== drawing) return; // a later move has drawn over it
    state.between = out.slice(0, size);
    const between = $<HTMLCanvasElement>('canvas.between');
    if (points) {
      drawPoints(between, state.samples, picture, out.subarray(size), [state.between[0], state.between[1]]);
    } else {
      state.ends.forEach((e, k) => drawImages(endCanvas[k], sampleAt(e), 1, picture, 1, scale));
      drawImages(between, state.between, 1, picture, 1, scale * 2);
    }
    for (const c of endCanvas) c.hidden = points;
  };
  const handle: SamplerHandle & { newSamples(first?: number): Promise<void> } = {
    generator,
    state,
    newSamples: (first: number = state.firstSeed + n) =>
      working(async () => {
        $<HTMLButtonElement>('.new-samples').disabled = true;
        status.textContent = 'sampling…';
        const started = performance.now();
        const latents = latentsForSeeds(Array.from({ length: n }, (_, i) => (first + i) % 2 ** 32), z);
        const samples = await generate(latents);
        Object.assign(state, { firstSeed: first, latents, samples });
        if (points) drawPoints(grid, samples, picture);
        else cell = drawImages(grid, samples, n, picture, cols, scale);
        $<HTMLElement>('.seeds').textContent = `seeds ${first}–${first + n - 1}`;
        await drawInterpolation();
        status.textContent = `${n} samples in ${Math.round(performance.now() - started)} ms (${how})`;
        $<HTMLButtonElement>('.new-samples').disabled = false;
      }),
    setEnd(which, index) {
      state.ends[which] = index;
      return working(drawInterpolation);
    },
    setT(t) {
      state.t = t;
      slider.value = String(Math.round(t * 100));
      return working(drawInterpolation);
    },
    async setClass(label) {
      if (!classes || !Number.isInteger(label) || label < 0 || label >= classes.count)
        throw new Error(classes ? `class ${label} is not in [0, ${classes.count - 1}]` : 'this generator is unconditional: it has no classes');
      state.label = label;
      $<HTMLSelectElement>('select.class').value = String(label);
      await handle.newSamples(state.firstSeed);
    },
  };
  slider.addEventListener('input', () => handle.setT(Number(slider.value) / 100).catch(fail));
  grid.addEventListener('click', (event) => {
    const box = grid.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * grid.width, y = ((event.clientY - box.top) / box.height) * grid.height;
    let index: number;
    if (points) index = nearestPoint(state.samples, x / grid.width, 1 - y / grid.height, picture.range);
    else index = Math.floor(y / (grid.height / Math.ceil(n / cols))) * cols + Math.floor(x / cell);
    if (index < 0 || index >= n) return;
    handle.setEnd(nextEnd, index).catch(fail);
    nextEnd = nextEnd === 0 ? 1 : 0;
  });
  return handle;
}

/** The sample nearest to a click at (u, v) in [0, 1]² of the plotted range. */
function nearestPoint(samples: Float32Array, u: number, v: number, [lo, hi]: [number, number]): number {
  const x = lo + u * (hi - lo), y = lo + v * (hi - lo);
  let best = -1, bestDistance = Infinity;
  for (let i = 0; i + 1 < samples.length; i += 2) {
    const dist = (samples[i] - x) ** 2 + (samples[i + 1] - y) ** 2;
    if (dist < bestDistance) [best, bestDistance] = [i / 2, dist];
  }
  return best;
}
