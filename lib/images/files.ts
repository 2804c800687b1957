/**
 * Pairs image files with their masks by file name, in natural order (2.png before 10.png), so the
 * hold-out by position is the same on every machine.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageFileError } from './errors.js';

export interface ImagePair {
  /** The shared file name, e.g. `7.png`. */
  name: string;
  image: string;
  label: string;
}

const natural = new Intl.Collator('en', { numeric: true }).compare;

async function pngNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.png$/i.test(e.name)).map((e) => e.name).sort(natural);
}

/**
 * Lists the PNGs of `imageDir` and `labelDir` and pairs them by name. A file present in one folder
 * only is an error naming it (a missing mask is far more often a mistake than intended).
 * Throws the fs error as is when a folder cannot be read; the caller reports it on the option.
 */
export async function listPairs(imageDir: string, labelDir: string): Promise<ImagePair[]> {
  const images = await pngNames(imageDir);
  const labels = new Set(await pngNames(labelDir));
  for (const name of images) {
    if (!labels.has(name)) throw new ImageFileError(join(imageDir, name), `has no mask of the same name in ${labelDir}`, 'label');
  }
  const imageSet = new Set(images);
  for (const name of labels) {
    if (!imageSet.has(name)) throw new ImageFileError(join(labelDir, name), `has no image of the same name in ${imageDir}`, 'image');
  }
  return images.map((name) => ({ name, image: join(imageDir, name), label: join(labelDir, name) }));
}
