/** `wgan-gp dataset pack`: decodes an image folder once into a packed file, image by image, so a
 *  folder larger than memory packs in bounded memory. */
import { join } from 'node:path';
import { decodeListing, listImageFolder, type ReadHooks } from './folder.js';
import type { DataReport } from './dataset.js';
import type { ImageSpec } from './image-spec.js';
import { PackedWriter, type PackedHeader } from './packed.js';

export async function packFolder(dir: string, out: string, spec: ImageSpec, hooks: ReadHooks = {}): Promise<{ header: PackedHeader; skipped: DataReport['skipped'] }> {
  const listing = listImageFolder(dir);
  const writer = await PackedWriter.create(out, [spec.channels, spec.height, spec.width]);
  try {
    const skipped = await decodeListing(listing, spec, hooks, (bytes, i) => writer.append(bytes, listing.labels[i], listing.files[i]));
    const header = await writer.finish({ classes: listing.classes, source: join(dir), fit: spec.fit, skipped });
    return { header, skipped };
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
