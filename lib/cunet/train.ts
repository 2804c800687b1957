/**
 * Training a U-Net on seeded random crops: lib/nn's trainLoop (Adam, the NaN check,
 * cancellation) over a batch source that draws fresh augmented crops for every batch, so an
 * "epoch" is a fixed number of steps rather than a pass over a finite set. Each epoch is timed
 * (the steps only, not validation) and optionally scored by Dice on fixed validation crops.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import { sampleCrops } from '../images/crops.js';
import type { Augment, SegmentationDataset, SegmentationSplit } from '../images/dataset.js';
import type { LossFn } from '../nn/losses.js';
import { paramsToVariables, tensorsToParams, type ParamTensors } from '../nn/model.js';
import { Adam, type AdamOptions } from '../nn/optimizers.js';
import type { Schedule } from '../nn/schedules.js';
import { trainLoop, type StepInfo } from '../nn/train-loop.js';
import { unetForward, checkInput, type UNetForwardOptions } from './forward.js';
import { diceFromCounts, overlapCounts, segLoss, type SegLossName } from './losses.js';
import { checkSegModel, segParamNames, type SegModel, type UNetSpec } from './spec.js';

export interface SegFitOptions {
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  lr: Schedule;
  adam?: AdamOptions;
  loss: SegLossName;
  /** Recompute ODE steps in the backward pass (memory of one step per block instead of all). */
  checkpoint?: boolean;
  /** Side of the square training crops. */
  crop: number;
  augment: Augment[];
  /** The loop's stream (step seeds). */
  rng: RandomSource;
  /** Draws the training crops. */
  cropRng: RandomSource;
  /** Validation crops scored after every epoch (0: none), drawn once from `validationRng`. */
  validationCrops?: number;
  validationRng?: RandomSource;
  signal?: AbortSignal;
  onStep?(info: StepInfo): void;
  onEpoch?(report: SegEpochReport): void | Promise<void>;
}

export interface SegEpochReport {
  /** 1-based. */
  epoch: number;
  loss: number;
  /** Wall time of the epoch's training steps (batch drawing included, validation not). */
  seconds: number;
  /** Hard Dice (logit > 0) pooled over the validation crops. */
  validationDice?: number;
}

function shapeOf(ds: SegmentationDataset) {
  return { height: ds.height, width: ds.width, channels: ds.channels };
}

/** `count` crops of `split` as tensors x [count, crop, crop, c], y [count, crop, crop]. */
export function cropTensors(ds: SegmentationDataset, split: SegmentationSplit, count: number, crop: number, augment: Augment[], rng: RandomSource): { x: tf.Tensor4D; y: tf.Tensor3D } {
  const { x, y } = sampleCrops(split, shapeOf(ds), count, crop, augment, rng);
  return { x: tf.tensor4d(x, [count, crop, crop, ds.channels]), y: tf.tensor3d(y, [count, crop, crop]) };
}

export function segLossFn(spec: UNetSpec, loss: SegLossName, o: UNetForwardOptions = {}): LossFn {
  return (params, x, y) => tf.tidy(() => segLoss(loss, unetForward(spec, params, x as tf.Tensor4D, o), y));
}

/** Pooled hard Dice of the network on fixed crops, in batches of `batchSize`. */
export async function diceOn(spec: UNetSpec, params: ParamTensors, x: tf.Tensor4D, y: tf.Tensor3D, batchSize: number): Promise<number> {
  const counts: [number, number, number] = [0, 0, 0];
  for (let s = 0; s < x.shape[0]; s += batchSize) {
    const n = Math.min(batchSize, x.shape[0] - s);
    const logits = tf.tidy(() => unetForward(spec, params, tf.slice(x, [s, 0, 0, 0], [n, -1, -1, -1])));
    const yb = tf.slice(y, [s, 0, 0], [n, -1, -1]);
    try {
      const c = await overlapCounts(logits, yb);
      for (let k = 0; k < 3; k++) counts[k]! += c[k]!;
    } finally {
      tf.dispose([logits, yb]);
    }
  }
  return diceFromCounts(counts);
}

export async function fitSegModel(model: SegModel, ds: SegmentationDataset, o: SegFitOptions): Promise<{ model: SegModel; history: SegEpochReport[] }> {
  checkSegModel(model);
  const spec = model.arch;
  checkInput(spec, [1, o.crop, o.crop, ds.channels]);
  const train = ds.splits.train;
  if (!train?.n) throw new Error("the dataset has no images in its 'train' split");
  const valSplit = ds.splits.validation;
  const val = o.validationCrops && valSplit?.n && o.validationRng ? cropTensors(ds, valSplit, o.validationCrops, o.crop, [], o.validationRng) : undefined;
  const vars = paramsToVariables(model.params);
  const optimizer = new Adam(o.adam);
  const history: SegEpochReport[] = [];
  let epochStart = performance.now();
  try {
    await trainLoop({
      vars,
      groups: [{ name: 'all', params: segParamNames(spec), optimizer, lr: o.lr }],
      loss: segLossFn(spec, o.loss, { checkpoint: o.checkpoint ?? false }),
      source: { n: o.stepsPerEpoch * o.batchSize, make: (rows) => cropTensors(ds, train, rows.length, o.crop, o.augment, o.cropRng) },
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.rng,
      ...(o.signal ? { signal: o.signal } : {}),
      hooks: {
        ...(o.onStep ? { onProgress: o.onStep } : {}),
        onEpochEnd: async (e) => {
          const report: SegEpochReport = { epoch: e.epoch + 1, loss: e.meanLoss, seconds: (performance.now() - epochStart) / 1000 };
          if (val) report.validationDice = await diceOn(spec, vars, val.x, val.y, o.batchSize);
          history.push(report);
          await o.onEpoch?.(report);
          epochStart = performance.now();
        },
      },
    });
    return { model: { arch: spec, params: await tensorsToParams(vars), meta: { ...model.meta } }, history };
  } finally {
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    if (val) tf.dispose([val.x, val.y]);
  }
}
