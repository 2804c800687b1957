/**
 * Builds the `Dataset.segmentation` artifact from decoded image/mask pairs: checks sizes, converts
 * pixels, and holds out `validation` images (the last ones in natural order, or a seeded choice).
 */
import { readFile } from 'node:fs/promises';
import { permutation, type RandomSource } from '../data/random.js';
import type { Augment, SegmentationDataset, SegmentationSplit } from './dataset.js';
import { ImageFileError, ImageOptionError } from './errors.js';
import type { ImagePair } from './files.js';
import { maskInto, normalizeInto, type MaskMode, type Normalize } from './pixels.js';
import { decodePng, toGrey, toRgb, type DecodedImage } from './png.js';

export interface ImageDataOptions {
  channels: 1 | 3;
  normalize: Normalize;
  mask: MaskMode;
  /** Number of images held out as the `validation` split. */
  validation: number;
  /** `last`: the last `validation` images in natural file order; `random`: a seeded choice. */
  holdout: 'last' | 'random';
  crop: number;
  augment: Augment[];
}

export interface DecodedPair {
  pair: ImagePair;
  image: DecodedImage;
  label: DecodedImage;
}

/** Reads and decodes every pair; the first unreadable file throws an ImageFileError naming it. */
export async function readPairs(pairs: ImagePair[]): Promise<DecodedPair[]> {
  const read = async (file: string, role: 'image' | 'label'): Promise<DecodedImage> => {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new ImageFileError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, role);
    }
    return decodePng(bytes, file, role);
  };
  const out: DecodedPair[] = [];
  for (const pair of pairs) out.push({ pair, image: await read(pair.image, 'image'), label: await read(pair.label, 'label') });
  return out;
}

/** Every image must match its mask and the first image in size; the message names the file. */
export function checkSizes(decoded: DecodedPair[]): { height: number; width: number } {
  const first = decoded[0]!;
  const { width, height } = first.image;
  for (const d of decoded) {
    if (d.label.width !== d.image.width || d.label.height !== d.image.height) {
      throw new ImageFileError(d.pair.label, `mask is ${d.label.width}×${d.label.height} but its image ${d.pair.image} is ${d.image.width}×${d.image.height}`, 'label');
    }
    if (d.image.width !== width || d.image.height !== height) {
      throw new ImageFileError(d.pair.image, `is ${d.image.width}×${d.image.height} but ${first.pair.image} is ${width}×${height}; all images must have one size`, 'image');
    }
  }
  return { height, width };
}

function toSplit(items: DecodedPair[], o: ImageDataOptions, height: number, width: number): SegmentationSplit {
  const pix = height * width;
  const x = new Float32Array(items.length * pix * o.channels);
  const y = new Float32Array(items.length * pix);
  items.forEach((d, i) => {
    normalizeInto(o.channels === 1 ? toGrey(d.image) : toRgb(d.image), o.normalize, x, i * pix * o.channels);
    maskInto(toGrey(d.label), width, o.mask, d.pair.label, y, i * pix);
  });
  return { x, y, n: items.length, files: items.map((d) => d.pair.image) };
}

/** Which positions (in file order) form the validation split. */
export function holdoutIndices(n: number, k: number, how: 'last' | 'random', rng: RandomSource): number[] {
  if (how === 'last') return Array.from({ length: k }, (_, i) => n - k + i);
  return [...permutation(n, rng).slice(0, k)].sort((a, b) => a - b);
}

/**
 * The artifact. Throws ImageFileError for a file problem and ImageOptionError when the options
 * do not fit the data (too few images to hold out, crop larger than the images).
 */
export function buildSegmentationDataset(decoded: DecodedPair[], o: ImageDataOptions, rng: RandomSource): SegmentationDataset {
  if (decoded.length < o.validation + 1) {
    throw new ImageOptionError('validation', `${decoded.length} image(s) found; holding out ${o.validation} for validation needs at least ${o.validation + 1}`);
  }
  const { height, width } = checkSizes(decoded);
  if (o.crop > height || o.crop > width) throw new ImageOptionError('crop', `crop ${o.crop} is larger than the ${height}×${width} images`);
  const held = new Set(holdoutIndices(decoded.length, o.validation, o.holdout, rng));
  return {
    kind: 'segmentation',
    height,
    width,
    channels: o.channels,
    crop: o.crop,
    augment: [...o.augment],
    splits: {
      train: toSplit(decoded.filter((_, i) => !held.has(i)), o, height, width),
      validation: toSplit(decoded.filter((_, i) => held.has(i)), o, height, width),
    },
  };
}

/** Fraction of foreground (1) pixels in a split's masks. */
export function foregroundFraction(split: SegmentationSplit): number {
  let s = 0;
  for (const v of split.y) s += v;
  return split.y.length ? s / split.y.length : 0;
}
