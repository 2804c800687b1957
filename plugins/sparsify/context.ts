/**
 * What every sparsify stage does around its method: read and check its inputs, turn lib
 * errors into diagnostics at the option, train (lib/nn `fit`, with extra hooks for the dynamic
 * methods), and measure and report the sparse result.
 */
import type { PluginContext } from '../../kernel/plugin.js';
import { checkDataset, holdOut, rowSize, type Split, type TensorDataset } from '../../lib/data/index.js';
import {
  evaluateClassifier,
  fit,
  paramsToTensors,
  type FitOptions,
  type LossRegistry,
  type Model,
} from '../../lib/nn/index.js';
import { prunedParamEfficiency, pruneTargets, sparsityStats, statsMetrics, type PruneTarget } from '../../lib/sparse/index.js';
import * as tf from '@tensorflow/tfjs';
import { learningRate } from '../train/common.js';
import { optimizerSpec, type SparseTrainConfig } from './options.js';
import { configured } from '../stage-inputs.js';
import { trainingLoss } from '../training-loss.js';

export { configured, readInputs } from '../stage-inputs.js';

export function targetsOf(ctx: PluginContext, model: Model, layers?: string[]): PruneTarget[] {
  return configured(ctx, () => pruneTargets(model.arch, layers), ['layers']);
}

/** Everything `fit` needs from the training options; progress and loss curves go to ctx. */
export function fitOptions(
  ctx: PluginContext,
  c: SparseTrainConfig,
  model: Model,
  ds: TensorDataset,
  losses: LossRegistry,
  epochs: number,
): { train: Split; options: FitOptions } {
  const lr = configured(ctx, () => learningRate(c));
  const loss = trainingLoss(ctx, c.loss, losses, model, ds, ds.splits.train);
  let train = ds.splits.train;
  let validation: Split | undefined;
  if (c.validation_split > 0) {
    const parts = holdOut(train, c.validation_split, rowSize(ds.inputShape), ctx.rng.fork('validation'));
    train = parts.rest;
    validation = parts.held;
  }
  // Counted here, not taken from fit: several fits in one stage (lottery rounds) continue one curve.
  let epoch = 0;
  const options: FitOptions = {
    optimizer: optimizerSpec(c),
    lr,
    loss,
    epochs,
    batchSize: c.batch,
    numClasses: ds.numClasses,
    rng: ctx.rng.fork('train'),
    signal: ctx.signal,
    trainAccuracy: false,
    ...(validation ? { validation } : {}),
    onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
    onEpoch: (r) => {
      epoch++;
      ctx.metric('loss', r.loss, epoch, 'epoch');
      if (r.valAccuracy !== undefined) ctx.metric('val_accuracy', r.valAccuracy, epoch, 'epoch');
    },
  };
  return { train, options };
}

export async function accuracyOn(model: Model, ds: TensorDataset, split = 'test'): Promise<number | undefined> {
  const s = ds.splits[split];
  if (!s) return undefined;
  const params = paramsToTensors(model.params);
  try {
    return (await evaluateClassifier(model.arch, params, s, ds.numClasses)).accuracy;
  } finally {
    tf.dispose(Object.values(params));
  }
}

/**
 * Records the sparse model's statistics (and test accuracy, when there is data) as metrics,
 * stores them in `meta.metrics` for report stages, and returns them as the stage's result.
 */
export async function reportSparse(
  ctx: PluginContext,
  model: Model,
  ds: TensorDataset | undefined,
  extra: Record<string, number> = {},
  /** Parameters of the dense original, when it had more than this model (structured pruning). */
  referenceParams?: number,
): Promise<Record<string, number>> {
  if (ds) checkDataset(ds);
  const stats = sparsityStats(model);
  // Headline metrics first: a sweep's report charts the first dozen metric names it meets.
  const metrics: Record<string, number> = {};
  const accuracy = ds ? await accuracyOn(model, ds) : undefined;
  if (accuracy !== undefined) metrics.accuracy = accuracy;
  metrics.sparsity = stats.sparsity;
  const dense = model.meta?.metrics?.dense_accuracy ?? extra.dense_accuracy;
  if (accuracy !== undefined && dense) {
    const total = referenceParams ?? stats.paramsTotal;
    metrics.pruned_param_efficiency = prunedParamEfficiency(accuracy, dense, { ...stats, paramsTotal: total });
  }
  Object.assign(metrics, extra, statsMetrics(stats));
  for (const [k, v] of Object.entries(metrics)) ctx.metric(k, v);
  model.meta = { ...model.meta, metrics: { ...model.meta?.metrics, ...metrics } };
  return metrics;
}

/** Runs fit and hands the trained model back (masks and meta carried over by fit). */
export async function train(model: Model, split: Split, options: FitOptions): Promise<Model> {
  return (await fit(model, split, options)).model;
}
