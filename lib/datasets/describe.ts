/** `wgan-gp dataset info` of a folder: files, classes and bytes, and from each image's header (no
 *  decoding) its size and channels, so unreadable files are found without decoding the folder. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DECODE_CONCURRENCY, listImageFolder, SKIPPED_NAMES_SHOWN } from './folder.js';
import { orderedPool } from './ordered-pool.js';

export async function describeFolder(dir: string) {
  const listing = listImageFolder(dir);
  const { default: sharp } = await import('sharp');
  const sizes = new Map<string, number>(), channels = new Map<number, number>();
  const unreadable: string[] = [];
  let bytes = 0, count = 0;
  await orderedPool(
    listing.files,
    DECODE_CONCURRENCY,
    (f) => sharp(join(dir, f)).metadata().catch(() => null),
    (m, i) => {
      bytes += statSync(join(dir, listing.files[i])).size;
      if (!m?.width || !m.height) return void unreadable.push(listing.files[i]);
      count++;
      const size = `${m.height}x${m.width}`;
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
      const c = m.channels ?? 0;
      channels.set(c, (channels.get(c) ?? 0) + 1);
    },
  );
  const classCounts = new Array<number>(listing.classes.length).fill(0);
  for (const l of listing.labels) classCounts[l]++;
  const common = [...sizes.entries()].sort((a, b) => b[1] - a[1]);
  return {
    kind: 'folder',
    path: dir,
    count,
    size: common.length === 1 ? common[0][0] : `${common.length} sizes, most common ${common.slice(0, 3).map(([s, n]) => `${s} (${n})`).join(', ')}`,
    channels: Object.fromEntries(channels),
    classes: listing.classes.length ? Object.fromEntries(listing.classes.map((c, i) => [c, classCounts[i]])) : 'none',
    bytes,
    unreadable: unreadable.length ? { count: unreadable.length, first: unreadable.slice(0, SKIPPED_NAMES_SHOWN) } : 0,
  };
}
