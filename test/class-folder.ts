/** A small labelled image folder for the conditional tests: class folders a, b, c of 4×4 RGB images. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** A folder of 4×4 images in class folders a, b, c, each image's red value telling its class. */
export async function classFolder(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'wgan-gp-classes-')), 'classes');
  for (const [c, name] of ['a', 'b', 'c'].entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < 6; i++)
      await sharp(Buffer.from(Array.from({ length: 4 * 4 * 3 }, (_, j) => (j % 3 === 0 ? 60 * c + 20 : 10 * i))), { raw: { width: 4, height: 4, channels: 3 } })
        .png()
        .toFile(join(dir, name, `${i}.png`));
  }
  return dir;
}
export const classOfRed = (red: number) => Math.round(((red + 1) * 127.5 - 20) / 60) + 0; // + 0: no -0

