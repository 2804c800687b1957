/**
 * The common case on top of trainLoop: a Model artifact in, a trained Model artifact out, one
 * optimizer over every trainable parameter, the model's masks held, per-epoch metrics.
 * Methods with several groups or their own hooks call trainLoop directly.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import type { RandomSource } from '../data/random.js';
import { evaluateClassifier } from './evaluate.js';
import type { LossFn } from './losses.js';
import { applyMasks } from './masks.js';
import { checkModel, masksToTensors, paramsToVariables, tensorsToParams, type Model, type ParamVariables } from './model.js';
import { createOptimizer, type Optimizer, type OptimizerSpec } from './optimizers.js';
import type { Schedule } from './schedules.js';
import { trainableParamNames } from './shapes.js';
import { trainLoop, type StepInfo, type TrainHooks } from './train-loop.js';

export interface EpochReport {
  /** 1-based, as users count. */
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitOptions {
  optimizer: OptimizerSpec;
  lr: Schedule;
  loss: LossFn;
  epochs: number;
  batchSize: number;
  numClasses: number;
  rng: RandomSource;
  signal?: AbortSignal;
  validation?: Split;
  /** Evaluate accuracy on the whole training split after each epoch (default true). */
  trainAccuracy?: boolean;
  onStep?(info: StepInfo): void;
  onEpoch?(report: EpochReport): void | Promise<void>;
  /**
   * Extra hooks (their afterStep runs after the masks are re-applied), or a function that builds
   * them from the live variables and optimizer, for hooks that change weights or optimizer state
   * while training (dynamic sparse training in lib/sparse).
   */
  hooks?: FitHooks | ((live: { vars: ParamVariables; optimizer: Optimizer }) => FitHooks);
}

export type FitHooks = Omit<TrainHooks, 'onProgress' | 'onEpochEnd'>;

export async function fit(model: Model, train: Split, o: FitOptions): Promise<{ model: Model; history: EpochReport[] }> {
  checkModel(model);
  const vars = paramsToVariables(model.params);
  const masks = masksToTensors(model);
  const optimizer = createOptimizer(o.optimizer);
  const history: EpochReport[] = [];
  try {
    const extra = typeof o.hooks === 'function' ? o.hooks({ vars, optimizer }) : o.hooks;
    applyMasks(vars, masks);
    await trainLoop({
      vars,
      groups: [{ name: 'all', params: trainableParamNames(model.arch), optimizer, lr: o.lr }],
      loss: o.loss,
      data: train,
      inputShape: model.arch.inputShape,
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.rng,
      signal: o.signal,
      hooks: {
        transformGrads: extra?.transformGrads,
        afterStep: async (info) => {
          applyMasks(vars, masks);
          await extra?.afterStep?.(info);
        },
        onProgress: o.onStep,
        onEpochEnd: async (e) => {
          const report: EpochReport = { epoch: e.epoch + 1, loss: e.meanLoss };
          if (o.trainAccuracy !== false) {
            report.trainAccuracy = (await evaluateClassifier(model.arch, vars, train, o.numClasses)).accuracy;
          }
          if (o.validation) {
            const v = await evaluateClassifier(model.arch, vars, o.validation, o.numClasses);
            report.valLoss = v.loss;
            report.valAccuracy = v.accuracy;
          }
          history.push(report);
          await o.onEpoch?.(report);
        },
      },
    });
    const trained: Model = { arch: model.arch, params: await tensorsToParams(vars) };
    if (model.masks) trained.masks = model.masks;
    trained.meta = { ...model.meta };
    return { model: trained, history };
  } finally {
    optimizer.dispose();
    tf.dispose(Object.values(vars));
    tf.dispose(Object.values(masks));
  }
}
