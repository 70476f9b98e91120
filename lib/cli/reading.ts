/** The progress bar of reading an image folder (train, dataset pack) and the note on skipped files. */
import cliProgress from 'cli-progress';
import type { DataReport } from '../datasets/index.js';
import type { ReadProgress } from '../datasets/folder.js';

export function readingBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  return {
    update(p: ReadProgress) {
      if (!stream.isTTY) {
        if (p.done === p.total || Date.now() - lastLine > 10_000) stream.write(`${label}: ${p.done}/${p.total} files, ${p.skipped} skipped\n`);
        lastLine = Date.now();
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream, format: `${label} {bar} {value}/{total} files | {skipped} skipped | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(p.total, 0, { skipped: 0 });
      }
      bar.update(p.done, { skipped: p.skipped });
    },
    stop: () => bar?.stop(),
  };
}

/** "3 files skipped (could not be read or decoded): a.png, b.jpg, ..." or null. */
export function describeSkipped(skipped: DataReport['skipped']): string | null {
  if (!skipped.count) return null;
  const more = skipped.count > skipped.first.length ? `, and ${skipped.count - skipped.first.length} more` : '';
  return `${skipped.count} file(s) skipped (could not be read or decoded): ${skipped.first.join(', ')}${more}`;
}
