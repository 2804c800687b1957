/**
 * Training through a reparametrisation: the optimizer updates some "raw" variables (shared
 * centroids, float shadow weights, a student's weights) and the network sees parameters derived
 * from them on every step (weights gathered from a codebook, fake-quantised weights). Autodiff
 * through the derivation gives what each method needs: the gradient of a centroid is the sum of
 * the gradients of the weights that share it (the gradient of a gather is a segment sum); a
 * straight-through estimator passes the gradient of a fake-quantised weight to its float twin.
 * Built on lib/nn's trainLoop (one parameter group over every raw variable).
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import type { RandomSource } from '../data/random.js';
import {
  createOptimizer,
  forward,
  softmaxCrossEntropy,
  trainLoop,
  type LossContext,
  type ModelSpec,
  type OptimizerSpec,
  type ParamTensors,
  type ParamVariables,
  type Schedule,
  type StepInfo,
} from '../nn/index.js';

/** Parameters for the forward pass, built from the raw variables (runs inside the loss's tidy). */
export type Derive = (raw: ParamTensors) => ParamTensors;

/** A loss on derived parameters; the default is softmax cross-entropy on the labels. */
export type DerivedLoss = (params: ParamTensors, x: tf.Tensor, y: tf.Tensor, ctx: LossContext) => tf.Scalar;

export interface DerivedTrainOptions {
  spec: ModelSpec;
  raw: ParamVariables;
  derive: Derive;
  loss?: DerivedLoss;
  data: Split;
  optimizer: OptimizerSpec;
  lr: Schedule;
  epochs: number;
  batchSize: number;
  rng: RandomSource;
  signal?: AbortSignal;
  onStep?(info: StepInfo): void;
  onEpoch?(epoch: number, meanLoss: number): void | Promise<void>;
}

export function crossEntropyOn(spec: ModelSpec): DerivedLoss {
  return (params, x, y, ctx) => softmaxCrossEntropy(forward(spec, params, x, { training: ctx.training, seed: ctx.seed }), y);
}

/** Trains `raw` in place. */
export async function trainDerived(o: DerivedTrainOptions): Promise<void> {
  const loss = o.loss ?? crossEntropyOn(o.spec);
  const optimizer = createOptimizer(o.optimizer);
  try {
    await trainLoop({
      vars: o.raw,
      groups: [{ name: 'raw', params: Object.keys(o.raw), optimizer, lr: o.lr }],
      loss: (raw, x, y, ctx) => tf.tidy(() => loss(o.derive(raw), x, y, ctx)),
      data: o.data,
      inputShape: o.spec.inputShape,
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.rng,
      ...(o.signal ? { signal: o.signal } : {}),
      hooks: {
        ...(o.onStep ? { onProgress: o.onStep } : {}),
        onEpochEnd: async (e) => {
          await o.onEpoch?.(e.epoch + 1, e.meanLoss);
        },
      },
    });
  } finally {
    optimizer.dispose();
  }
}
