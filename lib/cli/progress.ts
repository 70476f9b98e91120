/** The train command's progress display: a cli-progress bar on a terminal, a log line every N iterations otherwise. */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../train/trainer.js';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));

export interface ProgressView {
  update(e: ProgressEvent): void;
  log(message: string): void;
  stop(): void;
}

export function progressView(total: number, start: number, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const values = (e: ProgressEvent) => ({
    speed: e.iterationsPerSecond.toFixed(2),
    w: fmt(e.wassersteinEstimate),
    d: fmt(e.criticLoss),
    g: fmt(e.generatorLoss),
    gp: fmt(e.penalty),
  });
  if (!stream.isTTY) {
    // a line every 5% of the run, and at least every 10 s
    const every = Math.max(1, Math.round(total / 20));
    let lastLine = Date.now();
    return {
      update(e) {
        if (e.iteration % every && e.iteration !== total && Date.now() - lastLine < 10_000) return;
        lastLine = Date.now();
        const v = values(e);
        stream.write(`iteration ${e.iteration}/${total}  ${v.speed} it/s  ETA ${Math.round(e.etaSeconds)} s  W ${v.w}  D ${v.d}  G ${v.g}  GP ${v.gp}\n`);
      },
      log: (message) => stream.write(message + '\n'),
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} | {speed} it/s | ETA {eta_formatted} | W {w} | D {d} | G {g} | GP {gp}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { speed: '-', w: '-', d: '-', g: '-', gp: '-' });
  return {
    update: (e) => bar.update(e.iteration, values(e)),
    log(message) {
      stream.write('\r\x1b[2K' + message + '\n');
    },
    stop: () => bar.stop(),
  };
}
