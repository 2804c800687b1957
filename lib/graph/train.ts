/**
 * Training a graph network: lib/nn's trainLoop (seeded shuffles, optimizer, schedule, NaN
 * check, cancellation) over a batch source that packs the chosen graphs into block-diagonal
 * batches, with a held-out set of graphs evaluated after every epoch for learning curves.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import type { LossFn } from '../nn/losses.js';
import { softmaxCrossEntropy } from '../nn/losses.js';
import { paramsToVariables, tensorsToParams } from '../nn/model.js';
import { createOptimizer, type OptimizerSpec } from '../nn/optimizers.js';
import type { Schedule } from '../nn/schedules.js';
import { trainLoop, type StepInfo } from '../nn/train-loop.js';
import { makeGraphBatch } from './batch.js';
import { batchNeeds, fromLoopBatch, graphTensors, toLoopBatch } from './batch-tensors.js';
import type { GraphDataset } from './dataset.js';
import { evaluateGraphs } from './evaluate.js';
import { graphForward } from './forward.js';
import { checkGraphModel, graphTrainableNames, type GraphModel, type GraphModelSpec } from './spec.js';

export interface GraphFitOptions {
  optimizer: OptimizerSpec;
  lr: Schedule;
  epochs: number;
  batchSize: number;
  rng: RandomSource;
  signal?: AbortSignal;
  /** Graphs evaluated after every epoch (a held-out fold), for curves. */
  test?: Int32Array;
  onStep?(info: StepInfo): void;
  onEpoch?(report: GraphEpochReport): void | Promise<void>;
}

export interface GraphEpochReport {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  testAccuracy?: number;
  testLoss?: number;
}

/** Mean cross-entropy of the network's logits on a graph batch (dropout seeded per step). */
export function graphLoss(spec: GraphModelSpec): LossFn {
  return (params, _x, y, ctx, batch) =>
    tf.tidy(() => {
      if (!batch) throw new Error('a graph loss needs the whole batch');
      const out = graphForward(spec, params, fromLoopBatch(batch), { training: ctx.training, seed: ctx.seed });
      return softmaxCrossEntropy(out.logits, y);
    });
}

export async function fitGraphModel(
  model: GraphModel,
  ds: GraphDataset,
  train: Int32Array,
  o: GraphFitOptions,
): Promise<{ model: GraphModel; history: GraphEpochReport[] }> {
  checkGraphModel(model);
  const spec = model.arch;
  const needs = batchNeeds(spec);
  const vars = paramsToVariables(model.params);
  const optimizer = createOptimizer(o.optimizer);
  const history: GraphEpochReport[] = [];
  let lr = NaN;
  try {
    await trainLoop({
      vars,
      groups: [{ name: 'all', params: graphTrainableNames(spec), optimizer, lr: o.lr }],
      loss: graphLoss(spec),
      source: {
        n: train.length,
        make: (rows) => toLoopBatch(graphTensors(makeGraphBatch(ds, Int32Array.from(rows, (r) => train[r]!)), needs)),
      },
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.rng,
      signal: o.signal,
      hooks: {
        onProgress: (info) => {
          lr = info.lrs.all ?? lr;
          o.onStep?.(info);
        },
        onEpochEnd: async (e) => {
          const report: GraphEpochReport = { epoch: e.epoch + 1, loss: e.meanLoss, lr };
          if (o.test?.length) {
            const m = await evaluateGraphs(spec, vars, ds, o.test);
            report.testAccuracy = m.accuracy;
            report.testLoss = m.loss;
          }
          history.push(report);
          await o.onEpoch?.(report);
        },
      },
    });
    return { model: { arch: spec, params: await tensorsToParams(vars), meta: { ...model.meta } }, history };
  } finally {
    optimizer.dispose();
    tf.dispose(Object.values(vars));
  }
}
