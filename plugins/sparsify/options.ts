/**
 * Options the sparsify stages share: the training options of `train sgd|adam` (reused from
 * plugins/train/common.ts, so the same words mean the same thing) plus the optimizer choice,
 * and the sparsity vocabulary: target, scope, density allocation, layers.
 */
import type { ConfigIssue, JsonSchema } from '../../kernel/plugin.js';
import { ALLOCATIONS, type Allocation, type Scope } from '../../lib/sparse/index.js';
import { OptionValueError, type LossRegistry, type OptimizerSpec } from '../../lib/nn/index.js';
import { checkTrainConfig, trainSchema, type TrainConfig } from '../train/common.js';

export interface SparseTrainConfig extends TrainConfig {
  optimizer: 'sgd' | 'adam';
  momentum: number;
}

export interface TargetConfig {
  layers?: string[];
  allocation: Allocation;
}

/** A sparsity in [0, 1): 1 would remove every weight. */
export const sparsityOption: JsonSchema = { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'fraction of the prunable weights set to zero' };

export const targetOptions: Record<string, JsonSchema> = {
  layers: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'layers to sparsify (default: every dense/conv2d kernel)' },
  allocation: { enum: [...ALLOCATIONS], default: 'uniform', description: 'how the density is spread over layers' },
};

export const scopeOption: JsonSchema = { enum: ['layer', 'global'] satisfies Scope[], default: 'layer' };

/**
 * The schema of a sparsify stage that trains: `train sgd`'s options (epochs, batch, lr or a
 * schedule, weight_decay, loss, validation_split), an optimizer, and the stage's own options.
 * `epochsName` renames `epochs` (magnitude calls them `finetune`).
 */
export function sparseTrainSchema(losses: LossRegistry, own: Record<string, JsonSchema>, epochs: { name: string; default: number }): JsonSchema {
  const base = trainSchema(losses, 0.05, {
    optimizer: { enum: ['sgd', 'adam'], default: 'sgd' },
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'sgd only' },
    ...own,
  }) as { properties: Record<string, JsonSchema> };
  const { epochs: _epochs, ...rest } = base.properties;
  const min = epochs.default === 0 ? 0 : 1;
  return { ...base, properties: { ...rest, [epochs.name]: { type: 'integer', minimum: min, default: epochs.default } } };
}

export function optimizerSpec(c: SparseTrainConfig): OptimizerSpec {
  return c.optimizer === 'adam'
    ? { type: 'adam', weightDecay: c.weight_decay }
    : { type: 'sgd', momentum: c.momentum, weightDecay: c.weight_decay };
}

/** The train options' checks (the learning-rate schedule), for stages whose epochs option may be renamed. */
export function checkTraining(c: SparseTrainConfig & { epochs?: number }): ConfigIssue[] {
  return checkTrainConfig({ ...c, epochs: c.epochs ?? 1 });
}

export function issueOf(e: unknown, prefix: (string | number)[] = []): ConfigIssue[] {
  if (e instanceof OptionValueError) return [{ path: [...prefix, ...e.path], message: e.message, ...(e.hint ? { hint: e.hint } : {}) }];
  throw e;
}
