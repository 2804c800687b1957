/**
 * The `Dataset.segmentation` artifact: whole greyscale images with binary masks, plain data so
 * the kernel can cache and hash it. Crops and augmentation are drawn per batch while training
 * (`sampleCrops`), not baked into the artifact, so every epoch sees fresh seeded crops.
 */
export interface SegmentationSplit {
  /** n images, each height×width×channels, row-major (NHWC without the batch axis), in [0, 1] after normalisation. */
  x: Float32Array;
  /** n masks, each height×width, values exactly 0 or 1 (1 = foreground: the label's white pixels). */
  y: Float32Array;
  n: number;
  /** Source file of each image (for error messages and the report). */
  files: string[];
}

export type Augment = 'flip' | 'rotate90';

export interface SegmentationDataset {
  kind: 'segmentation';
  height: number;
  width: number;
  channels: number;
  /** Side of the square training crops (≤ height and width). */
  crop: number;
  augment: Augment[];
  /** Named splits: `train` and `validation` at least. */
  splits: Record<string, SegmentationSplit>;
}
