/**
 * A graph network's training recipe: the options of `train graph`, which the trained model
 * carries in `meta.recipe` so that `evaluate cv` can train a fresh model per fold the same
 * way. The shared train options (lr, schedule, weight_decay) and their checks come from
 * plugins/train/common.ts, so `lr: step(0.01, halve_every: 50)` means what it means for
 * `train adam`.
 */
import type { ConfigIssue, JsonSchema, PluginContext } from '../../kernel/plugin.js';
import { positiveInt } from '../../kernel/schema.js';
import { OptionValueError, standardLosses, type CallValue, type OptimizerSpec, type Schedule } from '../../lib/nn/index.js';
import { checkTrainConfig, learningRate, trainSchema, type TrainConfig } from '../train/common.js';

export interface GraphTrainConfig {
  optimizer: 'adam' | 'sgd';
  epochs: number;
  batch: number;
  lr: number | CallValue;
  schedule?: CallValue;
  weight_decay: number;
  /** SGD only. */
  momentum: number;
  /** Adam only. */
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Train on every fold but this one and draw its test curve; `none`: train on every graph. */
  holdout_fold: number | 'none';
}

const shared = (trainSchema(standardLosses, 0.01, {}) as { properties: Record<string, JsonSchema> }).properties;

export const graphTrainSchema: JsonSchema = {
  type: 'object',
  properties: {
    optimizer: { enum: ['adam', 'sgd'], default: 'adam' },
    epochs: { ...positiveInt, default: 350 },
    batch: { ...positiveInt, default: 32, description: 'graphs per mini-batch' },
    lr: shared.lr,
    schedule: shared.schedule,
    weight_decay: shared.weight_decay,
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'sgd only' },
    beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'adam only' },
    beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999, description: 'adam only' },
    epsilon: { type: 'number', exclusiveMinimum: 0, default: 1e-8, description: 'adam only' },
    holdout_fold: { anyOf: [{ type: 'integer', minimum: 0 }, { const: 'none' }], default: 'none', description: "a fold of the data's folds to test on after every epoch" },
  },
  additionalProperties: false,
};

/** Xu et al.: Adam, lr 0.01 halved every 50 epochs, 350 epochs, batches of 32 graphs. */
export const PAPER_RECIPE: GraphTrainConfig = {
  optimizer: 'adam',
  epochs: 350,
  batch: 32,
  lr: 0.01,
  schedule: { $kind: 'call', name: 'step', args: [], kwargs: { halve_every: 50 } },
  weight_decay: 0,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  holdout_fold: 'none',
};

// The shared helpers read lr and schedule only; the rest of TrainConfig does not apply here.
const asTrainConfig = (c: GraphTrainConfig): TrainConfig => ({ ...c, loss: 'cross_entropy', validation_split: 0 });

export function checkRecipe(c: GraphTrainConfig): ConfigIssue[] {
  return checkTrainConfig(asTrainConfig(c));
}

/** The learning-rate schedule; a bad schedule points at its option (under `prefix`). */
export function recipeSchedule(ctx: PluginContext, c: GraphTrainConfig, prefix: (string | number)[] = []): Schedule {
  try {
    return learningRate(asTrainConfig(c));
  } catch (e) {
    if (e instanceof OptionValueError) ctx.configError([...prefix, ...e.path], e.message, e.hint);
    throw e;
  }
}

/** weight_decay is an L2 term in the gradient, as in PyTorch's Adam and SGD (the paper's code). */
export function recipeOptimizer(c: GraphTrainConfig): OptimizerSpec {
  return c.optimizer === 'sgd'
    ? { type: 'sgd', momentum: c.momentum, weightDecay: c.weight_decay }
    : { type: 'adam', beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon, weightDecay: c.weight_decay, decoupled: false };
}

/** One line for logs: `adam, lr step(0.01, halve_every: 50), 350 epochs, batch 32`. */
export function describeRecipe(c: GraphTrainConfig): string {
  const call = (v: CallValue) => `${v.name}(${[...v.args.map(String), ...Object.entries(v.kwargs).map(([k, x]) => `${k}: ${String(x)}`)].join(', ')})`;
  const lr = typeof c.lr === 'number' ? String(c.lr) : call(c.lr);
  return `${c.optimizer}, lr ${lr}${c.schedule ? ` with ${call(c.schedule)}` : ''}, ${c.epochs} epochs, batch ${c.batch}`;
}
