/** The held-out tenth of an image data set, chosen per class and reproducibly: within each class the
 *  images are ordered by a hash of their file name and the first tenth (rounded down) is held out. The
 *  choice depends only on the names, not on the run's seed or the order files decode in, and adding
 *  files moves few others between the splits. Fewer than 10 images in all: the training images serve
 *  as held-out data too. */
import { createHash } from 'node:crypto';

const rank = (name: string) => createHash('sha1').update(name).digest().readUInt32BE(0);

export function chooseHeldOut(names: readonly string[], labels: Uint16Array, classCount: number): { train: Uint32Array; test: Uint32Array } {
  const all = Uint32Array.from(names, (_, i) => i);
  if (names.length < 10) return { train: all, test: all };
  const members: { i: number; key: number }[][] = Array.from({ length: Math.max(classCount, 1) }, () => []);
  names.forEach((name, i) => members[labels[i]].push({ i, key: rank(name) }));
  const held = new Uint8Array(names.length);
  for (const group of members) {
    group.sort((a, b) => a.key - b.key || (names[a.i] < names[b.i] ? -1 : 1));
    for (const m of group.slice(0, Math.floor(group.length / 10))) held[m.i] = 1;
  }
  const train = all.filter((i) => held[i] === 0), test = all.filter((i) => held[i] === 1);
  return { train, test: test.length ? test : train };
}
