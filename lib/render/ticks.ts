/**
 * Axis ticks at round values (1, 2, 5 × 10^k) and their labels. Shared by the PNG charts and the
 * dashboard page (no Node imports here: the page loads this module as it is).
 */

/** The round step (1, 2 or 5 × 10^k) that cuts [lo, hi] into about `target` intervals. */
export function niceStep(lo: number, hi: number, target = 5): number {
  const raw = (hi - lo) / Math.max(1, target);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

/** Multiples of the round step inside [lo, hi] (each rounded so 0.1 + 0.2 prints as 0.3). */
export function linearTicks(lo: number, hi: number, target = 5): number[] {
  const step = niceStep(lo, hi, target);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(Math.min(20, decimals))));
  return ticks;
}

/** [lo, hi] widened to the round step's multiples, so the axis ends on labelled values. */
export function niceExtent(lo: number, hi: number, target = 5): [number, number] {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(lo, hi, target);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Ticks of a log10 axis over [lo, hi] (both > 0): powers of ten, with 2 and 5 between them when few decades show. */
export function logTicks(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo)), last = Math.ceil(Math.log10(hi));
  const decades = last - first;
  const mantissas = decades <= 2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / 6)); // at most ~6 labelled powers
  const ticks: number[] = [];
  for (let e = first; e <= last; e++) {
    if ((e - first) % every) continue;
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(1));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks;
}

/** [lo, hi] (> 0) widened to whole decades. */
export function logExtent(lo: number, hi: number): [number, number] {
  return [10 ** Math.floor(Math.log10(lo) + 1e-9), 10 ** Math.ceil(Math.log10(hi) - 1e-9)];
}

const SUFFIXES: [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A tick's label: as many decimals as the step needs (0.25, 0.5, 0.75; never 0.0962), thousands as
 * k/M/G (1k, 2.5k, 1M: iterations read at a glance), tiny values as 2e-5.
 */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  for (const [scale, suffix] of SUFFIXES)
    if (abs >= scale && Math.abs(step) >= scale / 100) return trimNumber(v / scale, step / scale) + suffix;
  if (abs < 1e-4) return Number(v.toPrecision(3)).toExponential();
  return trimNumber(v, step);
}

/** Labels of a list of ticks (the step is the gap between neighbours; log axes label each on its own). */
export function formatTicks(ticks: number[], log = false): string[] {
  return ticks.map((v, i) => {
    const step = log ? v : Math.abs((ticks[i + 1] ?? ticks[i - 1] ?? v) - v) || Math.abs(v) || 1;
    return formatTick(v, step);
  });
}

function trimNumber(v: number, step: number): string {
  // enough decimals that the step itself is exact (0.5 needs 1, 0.25 needs 2, 5 needs 0)
  let decimals = Math.max(0, Math.ceil(-Math.log10(Math.abs(step)) - 1e-9));
  while (decimals < 12 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  const text = v.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
