/** The sample grids of one run: the newest, and a slider over all saved ones (it follows new grids while at the end). */
import { picturePath, type SampleList } from './api.js';
import { el } from './chart-panel.js';

export class SamplesView {
  private run: string | null = null;
  private list: SampleList['samples'] = [];
  private readonly choose = el('select');
  private readonly image = el('img');
  private readonly slider = el('input');
  private readonly caption = el('div');

  constructor(private readonly root: HTMLElement, private readonly onChoose: (run: string) => void) {
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.addEventListener('input', () => this.show(Number(this.slider.value)));
    this.choose.addEventListener('change', () => this.onChoose(this.choose.value));
    this.image.alt = 'sample grid';
  }

  /** Shows `run`'s grids; `runs` are the runs on the page (a choice when several). */
  update(runs: string[], run: string | null, list: SampleList['samples']): void {
    const atEnd = this.run !== run || Number(this.slider.value) >= this.list.length - 1;
    this.run = run;
    this.list = list;
    this.root.replaceChildren(el('h3', '', 'samples'));
    if (runs.length > 1) {
      this.choose.replaceChildren(...runs.map((r) => Object.assign(el('option', '', r), { value: r, selected: r === run })));
      this.root.append(this.choose);
    }
    if (!run || list.length === 0) {
      this.root.append(el('div', 'empty', run ? 'no sample grid yet (the run writes one every sampleEvery iterations)' : ''));
      return;
    }
    this.slider.max = String(list.length - 1);
    this.root.append(this.image, this.slider, this.caption);
    this.show(atEnd ? list.length - 1 : Math.min(Number(this.slider.value), list.length - 1));
  }

  private show(k: number): void {
    const s = this.list[k];
    if (!s || !this.run) return;
    this.slider.value = String(k);
    const src = picturePath(this.run, s.file);
    if (this.image.getAttribute('src') !== src) this.image.src = src;
    this.image.dataset.iteration = String(s.iteration);
    this.caption.textContent = `iteration ${s.iteration.toLocaleString('en')} (grid ${k + 1} of ${this.list.length})`;
  }
}
