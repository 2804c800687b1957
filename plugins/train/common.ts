/**
 * What `train sgd` and `train adam` share: the options schema (epochs, batch, lr or a schedule,
 * loss by name, validation split), checking the Model against the Dataset, and the run that
 * adapts lib/nn's `fit` to the plugin context. Losses come from a registry given at creation,
 * so another area can offer a train stage that knows its losses (e.g. crown_ibp).
 */
import { callSchema, positiveInt } from '../../kernel/schema.js';
import type { ConfigIssue, JsonSchema, PluginContext, StageResult } from '../../kernel/plugin.js';
import { checkDataset, holdOut, rowSize, type Split, type TensorDataset } from '../../lib/data/index.js';
import {
  checkModel,
  fit,
  OptionValueError,
  outputSize,
  resolveSchedule,
  SCHEDULE_NAMES,
  type CallValue,
  type LossRegistry,
  type Model,
  type OptimizerSpec,
  type Schedule,
} from '../../lib/nn/index.js';
import { configured } from '../configured.js';
import { trainingLoss } from '../training-loss.js';

export interface TrainConfig {
  epochs: number;
  batch: number;
  lr: number | CallValue;
  schedule?: CallValue;
  weight_decay: number;
  loss: string | CallValue;
  validation_split: number;
}

const scheduleCall = callSchema(
  [...SCHEDULE_NAMES],
  {
    every: { type: 'number' },
    halve_every: { type: 'number' },
    gamma: { type: 'number' },
    unit: { enum: ['epoch', 'step'] },
    warmup: { type: 'number' },
    to: { type: 'number' },
  },
  { args: { type: 'array', maxItems: 1 } },
);

function lossSchema(losses: LossRegistry): JsonSchema {
  const names = Object.keys(losses);
  return {
    anyOf: [
      { enum: names },
      {
        type: 'object',
        properties: { $kind: { const: 'call' }, name: { enum: names }, args: { type: 'array' }, kwargs: { type: 'object' } },
        required: ['$kind', 'name', 'args', 'kwargs'],
        additionalProperties: false,
      },
    ],
    default: 'cross_entropy',
  };
}

/** The schema of a train stage: the shared options plus the optimizer's own. */
export function trainSchema(losses: LossRegistry, lrDefault: number, own: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'object',
    properties: {
      epochs: { ...positiveInt, default: 10 },
      batch: { ...positiveInt, default: 128 },
      lr: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, scheduleCall], default: lrDefault },
      schedule: scheduleCall,
      weight_decay: { type: 'number', minimum: 0, default: 0 },
      loss: lossSchema(losses),
      validation_split: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0 },
      ...own,
    },
    additionalProperties: false,
  };
}

/** The learning-rate schedule of a config; OptionValueError paths are relative to the config. */
export function learningRate(c: TrainConfig): Schedule {
  const at = (option: string, f: () => Schedule): Schedule => {
    try {
      return f();
    } catch (e) {
      if (e instanceof OptionValueError) throw new OptionValueError(e.message, [option, ...e.path], e.hint);
      throw e;
    }
  };
  if (c.schedule && typeof c.lr !== 'number') {
    throw new OptionValueError('give either a schedule in lr or a number lr with a schedule, not both', ['schedule']);
  }
  if (c.schedule) return at('schedule', () => resolveSchedule(c.schedule, c.lr as number));
  return at('lr', () => resolveSchedule(c.lr));
}

export function checkTrainConfig(c: TrainConfig): ConfigIssue[] {
  try {
    learningRate(c);
    return [];
  } catch (e) {
    if (e instanceof OptionValueError) return [{ path: e.path, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }];
    throw e;
  }
}

/** Throws a clear error when the model cannot read the data or predict its classes. */
export function checkFit(model: Model, ds: TensorDataset): void {
  checkModel(model);
  checkDataset(ds);
  const want = rowSize(model.arch.inputShape);
  const have = rowSize(ds.inputShape);
  if (want !== have) {
    const shape = (s: number[]) => `[${s.join(', ')}]`;
    throw new Error(`the model reads examples of ${shape(model.arch.inputShape)} (${want} values), the data has ${shape(ds.inputShape)} (${have})`);
  }
  const out = outputSize(model.arch);
  if (out !== ds.numClasses) throw new Error(`the model has ${out} outputs, the data has ${ds.numClasses} classes`);
}

export async function runTrain(
  ctx: PluginContext,
  inputs: Record<string, unknown>,
  c: TrainConfig,
  optimizer: OptimizerSpec,
  losses: LossRegistry,
): Promise<StageResult<Model>> {
  const model = inputs.model as Model;
  const ds = inputs.data as TensorDataset;
  checkFit(model, ds);
  const lr = configured(ctx, () => learningRate(c));
  const loss = trainingLoss(ctx, c.loss, losses, model, ds, ds.splits.train);
  let train: Split = ds.splits.train;
  let validation: Split | undefined;
  if (c.validation_split > 0) {
    const parts = holdOut(train, c.validation_split, rowSize(ds.inputShape), ctx.rng.fork('validation'));
    train = parts.rest;
    validation = parts.held;
  }
  const started = performance.now();
  const { model: trained, history } = await fit(model, train, {
    optimizer,
    lr,
    loss,
    epochs: c.epochs,
    batchSize: c.batch,
    numClasses: ds.numClasses,
    rng: ctx.rng.fork('train'),
    signal: ctx.signal,
    ...(validation ? { validation } : {}),
    onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
    onEpoch: (r) => {
      ctx.metric('loss', r.loss, r.epoch, 'epoch');
      if (r.trainAccuracy !== undefined) ctx.metric('train_accuracy', r.trainAccuracy, r.epoch, 'epoch');
      if (r.valLoss !== undefined) ctx.metric('val_loss', r.valLoss, r.epoch, 'epoch');
      if (r.valAccuracy !== undefined) ctx.metric('val_accuracy', r.valAccuracy, r.epoch, 'epoch');
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const last = history.at(-1)!;
  const metrics: Record<string, number> = { loss: last.loss };
  if (last.trainAccuracy !== undefined) metrics.train_accuracy = last.trainAccuracy;
  if (last.valAccuracy !== undefined) metrics.val_accuracy = last.valAccuracy;
  trained.meta = {
    ...trained.meta,
    metrics: { ...trained.meta?.metrics, ...metrics },
    training: { plugin: ctx.stage.pluginId, stage: ctx.stage.name, epochs: c.epochs, batch: c.batch, seconds },
  };
  ctx.metric('train_seconds', seconds);
  return { output: trained, result: { ...metrics, epochs: c.epochs, seconds: +seconds.toFixed(2) } };
}
