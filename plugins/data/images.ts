/**
 * `data images { dir: "membrane/train/image", labels: "membrane/train/label", crop: 256,
 * augment: [flip, rotate90], validation: 5 }` → Dataset.segmentation: PNG images with binary
 * masks paired by file name, normalised to [0, 1], with `validation` images held out. Training
 * crops and augmentations are drawn per batch by the training stage (lib/images/crops.ts).
 */
import { definePlugin, type PluginContext } from '../../kernel/plugin.js';
import {
  buildSegmentationDataset,
  foregroundFraction,
  ImageFileError,
  ImageOptionError,
  listPairs,
  readPairs,
  type ImageDataOptions,
  type ImagePair,
  type SegmentationDataset,
} from '../../lib/images/index.js';

export interface ImagesConfig extends ImageDataOptions {
  dir: string;
  labels: string;
}

export const imagesPlugin = definePlugin<ImagesConfig, SegmentationDataset>({
  id: 'data/images',
  version: '1.0.0',
  kind: 'data',
  description: 'PNG images and binary masks (paired by file name) for segmentation, with a held-out validation split',
  configSchema: {
    type: 'object',
    properties: {
      dir: { type: 'string', minLength: 1, description: 'folder of the input PNGs (relative to the .pipe file)' },
      labels: { type: 'string', minLength: 1, description: 'folder of the mask PNGs, same file names as in dir' },
      crop: { type: 'integer', minimum: 8, default: 256, description: 'side of the square training crops' },
      augment: { type: 'array', items: { enum: ['flip', 'rotate90'] }, uniqueItems: true, default: ['flip', 'rotate90'], description: 'random transforms of each training crop' },
      validation: { type: 'integer', minimum: 1, default: 5, description: 'number of images held out' },
      holdout: { enum: ['last', 'random'], default: 'last', description: 'hold out the last images in natural file order, or a seeded choice' },
      channels: { enum: [1, 3], default: 1, description: '1: grey (colour files become luma); 3: RGB' },
      normalize: { enum: ['unit', 'per_image'], default: 'unit', description: 'unit: level/255; per_image: stretch each image to [0, 1]' },
      mask: { enum: ['binary', 'threshold'], default: 'binary', description: 'binary: masks must be 0/255 only; threshold: level ≥ 128 is foreground' },
    },
    required: ['dir', 'labels'],
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset.segmentation',
  // Decoding 30 PNGs takes well under a second; a cached copy would be ~60 MB and the cache key
  // would not see edits to the files.
  cache: false,
  async run(ctx, _inputs, c) {
    const ds = await load(ctx, c);
    const { train, validation } = ds.splits;
    ctx.log(`${c.dir}: ${train.n} train / ${validation.n} validation images, ${ds.height}×${ds.width}×${ds.channels}, crop ${ds.crop}${ds.augment.length ? `, augment ${ds.augment.join('+')}` : ''}`);
    const fg = foregroundFraction(validation);
    ctx.metric('train_images', train.n);
    ctx.metric('validation_images', validation.n);
    ctx.metric('validation_foreground', fg);
    return {
      output: ds,
      result: {
        height: ds.height,
        width: ds.width,
        channels: ds.channels,
        train: train.files,
        validation: validation.files,
        validationForeground: fg,
      },
    };
  },
  docs: 'Pairs dir/X.png with labels/X.png, checks sizes and that masks are black-and-white, and holds out `validation` images. See docs/plugins/data-images.md.',
});

/** Every failure points at the option it concerns, and a file failure names the file. */
async function load(ctx: PluginContext, c: ImagesConfig): Promise<SegmentationDataset> {
  const dir = ctx.resolvePath(c.dir);
  const labels = ctx.resolvePath(c.labels);
  let pairs: ImagePair[];
  try {
    pairs = await listPairs(dir, labels);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!(e instanceof ImageFileError) && err.path) ctx.configError([err.path === labels ? 'labels' : 'dir'], `cannot read folder '${err.path}': ${err.code ?? err.message}`);
    return fail(ctx, e);
  }
  if (pairs.length === 0) ctx.configError(['dir'], `no .png files in '${c.dir}'`);
  try {
    return buildSegmentationDataset(await readPairs(pairs), c, ctx.rng.fork('holdout'));
  } catch (e) {
    return fail(ctx, e);
  }
}

function fail(ctx: PluginContext, e: unknown): never {
  if (e instanceof ImageFileError) ctx.configError([e.role === 'image' ? 'dir' : 'labels'], e.message);
  if (e instanceof ImageOptionError) ctx.configError([e.option], e.message, e.option === 'crop' ? 'use a crop no larger than the images' : undefined);
  throw e;
}
