/**
 * `train segmentation { epochs: 10, steps_per_epoch: 20, batch_size: 2, lr: 1e-4, loss: bce }`:
 * Model.segmentation + Dataset.segmentation → trained Model.segmentation. Adam on fresh seeded
 * random crops every batch (the dataset's crop size and augmentations unless overridden), so an
 * epoch is `steps_per_epoch` steps. Per epoch: the mean loss, the wall time (`epoch_seconds`,
 * for the speed comparison) and, when the data has a validation split, Dice on fixed crops.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { fitSegModel, checkSegModel, SEG_LOSSES, sizeMultiple, type SegLossName, type SegModel } from '../../lib/cunet/index.js';
import type { Augment, SegmentationDataset } from '../../lib/images/dataset.js';
import { resolveSchedule } from '../../lib/nn/index.js';

export interface SegTrainConfig {
  epochs: number;
  steps_per_epoch: number;
  batch_size: number;
  lr: number;
  loss: SegLossName;
  crop?: number;
  augment?: Augment[];
  validation_crops: number;
  checkpoint: boolean;
}

export const segmentationTrainPlugin = definePlugin<SegTrainConfig, SegModel>({
  id: 'train/segmentation',
  version: '1.0.0',
  kind: 'train',
  description: 'Adam on seeded random crops for U-Net / Continuous U-Net segmentation (BCE or BCE + Dice)',
  configSchema: {
    type: 'object',
    properties: {
      epochs: { type: 'integer', minimum: 1, default: 10 },
      steps_per_epoch: { type: 'integer', minimum: 1, default: 20, description: 'optimizer steps per epoch, each on a fresh batch of crops' },
      batch_size: { type: 'integer', minimum: 1, default: 2 },
      lr: { type: 'number', exclusiveMinimum: 0, default: 1e-4, description: 'Adam learning rate (the paper: 1e-4)' },
      loss: { enum: [...SEG_LOSSES], default: 'bce', description: 'bce, or bce_dice (BCE + soft Dice)' },
      crop: { type: 'integer', minimum: 1, description: "side of the square training crops (default: the dataset's crop)" },
      augment: { type: 'array', items: { enum: ['flip', 'rotate90'] }, uniqueItems: true, description: "default: the dataset's" },
      validation_crops: { type: 'integer', minimum: 0, default: 8, description: 'validation crops scored by Dice after every epoch (0: none)' },
      checkpoint: { type: 'boolean', default: true, description: 'ODE blocks: recompute each RK4 step in the backward pass instead of storing its stages (~4× less memory)' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model.segmentation' }, data: { type: 'Dataset.segmentation' } },
  output: 'Model.segmentation',
  async run(ctx, inputs, c) {
    const model = inputs.model as SegModel;
    const ds = inputs.data as SegmentationDataset;
    checkSegModel(model);
    if (ds?.kind !== 'segmentation') throw new Error('train segmentation needs a segmentation dataset (Dataset.segmentation)');
    if (model.arch.inputChannels !== ds.channels) throw new Error(`the model reads ${model.arch.inputChannels}-channel images, the data has ${ds.channels}`);
    const crop = c.crop ?? ds.crop;
    const where = c.crop !== undefined ? 'here' : "in the data stage, or set crop here";
    const m = sizeMultiple(model.arch);
    if (crop % m !== 0) {
      const fit = Math.max(m, Math.floor(crop / m) * m);
      ctx.configError(['crop'], `crop ${crop} is not a multiple of ${m}, which a ${model.arch.levels}-level U-Net needs`, `use crop: ${fit} (${where})`);
    }
    if (crop > ds.height || crop > ds.width) ctx.configError(['crop'], `crop ${crop} is larger than the ${ds.height}×${ds.width} images`, `use at most ${Math.min(ds.height, ds.width)}`);
    const augment = c.augment ?? ds.augment;
    const hasValidation = (ds.splits.validation?.n ?? 0) > 0 && c.validation_crops > 0;
    ctx.log(
      `${model.arch.block === 'ode' ? 'Continuous U-Net' : 'U-Net'}: ${c.epochs} epochs × ${c.steps_per_epoch} steps, batch ${c.batch_size} of ${crop}×${crop} crops` +
        `${augment.length ? ` (${augment.join(', ')})` : ''}, Adam lr ${c.lr}, loss ${c.loss}, backend ${ctx.backend}` +
        `${c.checkpoint && model.arch.block === 'ode' ? '; RK4 steps recomputed in the backward pass' : ''}`,
    );
    const started = performance.now();
    const { model: trained, history } = await fitSegModel(model, ds, {
      epochs: c.epochs,
      stepsPerEpoch: c.steps_per_epoch,
      batchSize: c.batch_size,
      lr: resolveSchedule(c.lr),
      loss: c.loss,
      checkpoint: c.checkpoint,
      crop,
      augment,
      rng: ctx.rng.fork('train'),
      cropRng: ctx.rng.fork('crops'),
      ...(hasValidation ? { validationCrops: c.validation_crops, validationRng: ctx.rng.fork('validation') } : {}),
      signal: ctx.signal,
      onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
      onEpoch: (r) => {
        ctx.metric('loss', r.loss, r.epoch, 'epoch');
        ctx.metric('epoch_seconds', r.seconds, r.epoch, 'epoch');
        if (r.validationDice !== undefined) ctx.metric('validation_dice', r.validationDice, r.epoch, 'epoch');
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const last = history.at(-1)!;
    const epochSeconds = history.map((h) => h.seconds).sort((a, b) => a - b)[history.length >> 1]!;
    const metrics: Record<string, number> = { loss: last.loss, median_epoch_seconds: epochSeconds };
    if (last.validationDice !== undefined) metrics.validation_dice = last.validationDice;
    ctx.metric('train_seconds', seconds);
    trained.meta = {
      ...trained.meta,
      metrics: { ...(model.meta?.metrics ?? {}), ...metrics },
      training: { plugin: ctx.stage.pluginId, stage: ctx.stage.name, backend: ctx.backend, epochs: c.epochs, steps_per_epoch: c.steps_per_epoch, batch_size: c.batch_size, crop, loss: c.loss, checkpoint: c.checkpoint, seconds },
    };
    return { output: trained, result: { ...metrics, epochs: c.epochs, seconds: +seconds.toFixed(2) } };
  },
  docs: 'Adam (lr 1e-4) on seeded random crops with flips / quarter turns; metrics loss, epoch_seconds, validation_dice per epoch. See docs/plugins/train-segmentation.md.',
});
