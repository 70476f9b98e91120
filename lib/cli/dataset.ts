/** `wgan-gp dataset pack|info`: pack an image folder into a .wgands file; describe a folder or a packed file. */
import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { IMAGE_DEFAULTS } from '../datasets/index.js';
import { describeFolder } from '../datasets/describe.js';
import { FITS, imageSize, type Fit } from '../datasets/image-spec.js';
import { packFolder } from '../datasets/pack.js';
import { readPackedIndex } from '../datasets/packed.js';
import { channelsArg, imageSizeArg } from './parse.js';
import { describeSkipped, readingBar } from './reading.js';

interface PackFlags {
  imageSize: number | [number, number];
  channels: 1 | 3;
  fit: Fit;
  out: string;
  strict?: boolean;
}

export function registerDataset(program: Command): void {
  const dataset = program.command('dataset').description('prepare and inspect your own image data');
  dataset
    .command('pack')
    .description('decode an image folder once into a packed .wgands file (uint8 images + labels) that training streams')
    .argument('<folder>', 'a folder of images (first-level subfolders are classes)')
    .requiredOption('--out <file>', 'the packed file to write, e.g. faces.wgands')
    .option('--image-size <size>', '64 or HEIGHTxWIDTH', imageSizeArg, IMAGE_DEFAULTS.imageSize)
    .option('--channels <n>', '1 (grayscale) or 3 (RGB)', channelsArg, IMAGE_DEFAULTS.channels)
    .addOption(new Option('--fit <mode>', 'cover (centre crop) | contain (pad with black) | fill (stretch)').choices(FITS).default(IMAGE_DEFAULTS.fit))
    .option('--strict', 'stop at a file that cannot be decoded instead of skipping it')
    .addHelpText('after', '\nExample:\n  wgan-gp dataset pack ~/photos --image-size 64 --out faces.wgands\n  wgan-gp train --preset dcgan64 --data-dir faces.wgands')
    .action(async (folder: string, flags: PackFlags) => {
      const [height, width] = imageSize(flags.imageSize);
      const bar = readingBar('packing');
      try {
        const { header, skipped } = await packFolder(folder, flags.out, { height, width, channels: flags.channels, fit: flags.fit }, { strict: flags.strict, onProgress: (p) => bar.update(p) });
        bar.stop();
        console.log(`${flags.out}: ${header.count} images of ${height}x${width}x${flags.channels} (${(statSync(flags.out).size / 2 ** 20).toFixed(1)} MB)`);
        const note = describeSkipped(skipped);
        if (note) console.log(note);
      } finally {
        bar.stop();
      }
    });
  dataset
    .command('info')
    .description('count, size, channels, classes and bytes of an image folder or a packed file')
    .argument('<path>', 'an image folder or a .wgands file')
    .option('--json', 'print one JSON object')
    .action(async (path: string, flags: { json?: boolean }) => {
      const info = statSync(path, { throwIfNoEntry: false })?.isFile() ? await packedInfo(path) : await describeFolder(path);
      if (flags.json) return console.log(JSON.stringify(info));
      for (const [key, value] of Object.entries(info)) console.log(`${(key + ':').padEnd(11)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
    });
}

async function packedInfo(file: string) {
  const { header, store, meta } = await readPackedIndex(file);
  const counts = new Array<number>(store.classes.length).fill(0);
  for (const l of store.labels) counts[l]++;
  const [channels, height, width] = header.shape;
  return {
    kind: 'packed',
    path: file,
    count: header.count,
    size: `${height}x${width}`,
    channels,
    classes: store.classes.length ? Object.fromEntries(store.classes.map((c, i) => [c, counts[i]])) : 'none',
    train: store.split.train.length,
    heldOut: store.split.test === store.split.train ? 0 : store.split.test.length,
    bytes: statSync(file).size,
    fit: meta.fit,
    source: meta.source,
    skipped: meta.skipped.count ? meta.skipped : 0,
  };
}
