/**
 * `evaluate segmentation { metrics: [dice, iou, pixel_error], noise: [0, 0.05, 0.1, 0.2] }`:
 * Dataset.segmentation + Model.segmentation → Metrics. Whole validation images are predicted by
 * tiles (bounded memory at any image size), clean and with Gaussian noise added to the
 * normalised image; scores pool the pixels of all images. Reports `dice`, `iou`, `pixel_error`
 * and `dice_membrane` (the background class) on clean images, `<metric>_noise_<σ>` for σ > 0,
 * and a figure of images, masks and predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { createRng } from '../../kernel/rng.js';
import { countParams, segmentationPredictor, sizeMultiple, type SegModel } from '../../lib/cunet/index.js';
import {
  accumulate,
  backgroundConfusion,
  dice,
  emptyConfusion,
  evaluateUnderNoise,
  METRICS,
  thumbnailGridSvg,
  type KeptPrediction,
  type SegmentationDataset,
  type SegmentationMetric,
  type ThumbnailRow,
  type TilePredictor,
} from '../../lib/images/index.js';
import { lineChart } from '../../lib/plot/index.js';
import type { MetricsArtifact } from './report.js';

export interface SegmentationEvalConfig {
  metrics: SegmentationMetric[];
  noise: number[];
  split: string;
  tile: number;
  overlap: number;
  batch: number;
  clip: boolean;
  show: number;
  out?: string;
}

function issues(c: SegmentationEvalConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (c.overlap >= c.tile) out.push({ path: ['overlap'], message: `overlap ${c.overlap} must be smaller than tile ${c.tile}` });
  return out;
}

/** Metric name for σ: the plain name when clean, `<name>_noise_<σ>` otherwise. */
export function noiseMetricName(name: string, sigma: number): string {
  return sigma === 0 ? name : `${name}_noise_${sigma}`;
}

export const segmentationEvalPlugin = definePlugin<SegmentationEvalConfig, MetricsArtifact>({
  id: 'evaluate/segmentation',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Dice, IoU and pixel error of a segmentation network on whole held-out images, clean and under Gaussian noise',
  configSchema: {
    type: 'object',
    properties: {
      metrics: { type: 'array', items: { enum: ['dice', 'iou', 'pixel_error'] }, minItems: 1, uniqueItems: true, default: ['dice', 'iou', 'pixel_error'] },
      noise: { type: 'array', items: { type: 'number', minimum: 0, maximum: 10 }, minItems: 1, uniqueItems: true, default: [0, 0.05, 0.1, 0.2], description: 'Gaussian σ on the [0, 1] image; 0 = clean' },
      split: { type: 'string', minLength: 1, default: 'validation' },
      tile: { type: 'integer', minimum: 1, default: 256, description: 'side of the square windows predicted at once' },
      overlap: { type: 'integer', minimum: 0, default: 0, description: 'pixels shared by neighbouring tiles (their logits are averaged)' },
      batch: { type: 'integer', minimum: 1, default: 2, description: 'tiles per forward pass' },
      clip: { type: 'boolean', default: true, description: 'clip noisy images back to [0, 1]' },
      show: { type: 'integer', minimum: 0, default: 2, description: 'images shown in the report figure' },
      out: { type: 'string', minLength: 1, description: 'also write the run’s HTML report here' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model.segmentation' }, data: { type: 'Dataset.segmentation' } },
  output: 'Metrics',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const model = inputs.model as SegModel;
    const ds = inputs.data as SegmentationDataset;
    const split = ds.splits[c.split];
    if (!split || split.n === 0) ctx.configError(['split'], `the data has no images in split '${c.split}'`, `splits: ${Object.keys(ds.splits).join(', ')}`);
    if (model.arch.inputChannels !== ds.channels) ctx.configError([], `the model reads ${model.arch.inputChannels}-channel images, the data has ${ds.channels}`);
    const side = Math.min(c.tile, ds.height, ds.width);
    const m = sizeMultiple(model.arch);
    if (side % m !== 0) ctx.configError(['tile'], `tiles of ${side}×${side} do not fit a ${model.arch.levels}-level U-Net, which needs multiples of ${m}`, `tile: ${Math.max(m, side - (side % m))}`);

    const sigmas = [...c.noise].sort((a, b) => a - b);
    const predictor = segmentationPredictor(model);
    const predict: TilePredictor = async (x, count, s) => {
      const logits = tf.tidy(() => predictor.logits(tf.tensor4d(x, [count, s, s, ds.channels])));
      try {
        return (await logits.data()) as Float32Array;
      } finally {
        logits.dispose();
      }
    };
    const res = await evaluateUnderNoise(split, ds, predict, {
      tile: c.tile,
      overlap: c.overlap,
      batch: c.batch,
      noise: sigmas,
      clip: c.clip,
      keep: c.show,
      // From the pipeline seed and σ only, not the stage: every model in the pipeline is scored
      // on the same corrupted images, so their difference is not noise-draw luck.
      noiseRng: (sigma) => createRng(ctx.seed, `segmentation-noise/${c.split}/${sigma}`),
    }, ctx.signal).finally(() => predictor.dispose());

    const values: Record<string, number> = {};
    sigmas.forEach((sigma, k) => {
      const conf = res.confusion[k]!;
      for (const name of c.metrics) values[noiseMetricName(name, sigma)] = METRICS[name](conf);
      if (c.metrics.includes('dice')) values[noiseMetricName('dice_membrane', sigma)] = dice(backgroundConfusion(conf));
    });
    const fg = res.confusion[0]!.tp + res.confusion[0]!.fn;
    const all = fg + res.confusion[0]!.fp + res.confusion[0]!.tn;
    // What predicting "all foreground" would score: the floor a model must beat.
    values.dice_all_foreground = (2 * fg) / (fg + all);
    values.params = countParams(model);
    if (Number.isFinite(res.msPerImage)) values.ms_per_image = res.msPerImage;
    for (const [k, v] of Object.entries(values)) ctx.metric(k, v);

    if (sigmas.length > 1 && c.metrics.includes('dice')) {
      const curve = (name: string) => ({ name, x: sigmas, y: sigmas.map((s) => values[noiseMetricName(name, s)]!) });
      ctx.figure('Dice under Gaussian noise', lineChart([curve('dice'), curve('dice_membrane')], { xLabel: 'noise σ', yLabel: 'Dice' }));
    }
    if (res.kept.length) ctx.figure(`Predictions on ${c.split} images (${ctx.stage.name})`, predictionFigure(res.kept, ds, split.y));
    ctx.log(`${split.n} ${c.split} images, ${side}×${side} tiles: ${sigmas.map((s) => `σ=${s} dice ${fmt(values[noiseMetricName('dice', s)])}`).join(', ')}`);
    if (c.out) ctx.requestReport(c.out);
    return { output: { split: c.split, values }, result: { metrics: values, tile: side, images: split.files } };
  },
  docs: 'Scores a U-Net on whole held-out images by tiles, clean and under Gaussian noise; figure of predicted masks. See docs/plugins/evaluate-segmentation.md.',
});

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(4);
}

/** Rows per image: input, truth, clean prediction, then the noisiest input and its prediction. */
function predictionFigure(kept: KeptPrediction[], ds: SegmentationDataset, truthAll: Float32Array): string {
  const pix = ds.height * ds.width;
  const files = [...new Set(kept.map((k) => k.file))];
  const maxSigma = Math.max(...kept.map((k) => k.sigma));
  // Colour inputs are shown by their first channel.
  const grey = (x: Float32Array) => (ds.channels === 1 ? x : x.filter((_, i) => i % ds.channels === 0));
  const mask = (logits: Float32Array) => logits.map((v) => (v > 0 ? 1 : 0));
  const rows: ThumbnailRow[] = files.map((file, i) => {
    const truth = truthAll.subarray(i * pix, (i + 1) * pix);
    const imageDice = (k: KeptPrediction) => dice(accumulate(emptyConfusion(), k.logits, truth)).toFixed(3);
    const mine = kept.filter((k) => k.file === file);
    const clean = mine.find((k) => k.sigma === 0) ?? mine[0]!;
    const noisy = mine.find((k) => k.sigma === maxSigma);
    const images = [
      { values: grey(clean.input), caption: clean.sigma === 0 ? 'image' : `image σ=${clean.sigma}` },
      { values: truth, caption: 'truth' },
      { values: mask(clean.logits), caption: `prediction (Dice ${imageDice(clean)})` },
    ];
    if (noisy && noisy !== clean) {
      images.push({ values: grey(noisy.input), caption: `image σ=${maxSigma}` }, { values: mask(noisy.logits), caption: `prediction (Dice ${imageDice(noisy)})` });
    }
    return { label: file.slice(file.lastIndexOf('/') + 1), images };
  });
  return thumbnailGridSvg(rows, ds.height, ds.width);
}
