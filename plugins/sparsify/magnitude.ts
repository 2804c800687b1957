/**
 * `sparsify magnitude { sparsity: 0.9, scope: global, finetune: 5 }`: one-shot magnitude
 * pruning of a (trained) model to a target sparsity, per layer or with one global threshold,
 * then optionally `finetune` epochs of training with the mask held.
 */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { allocate, applyMaskArrays, magnitudeMasks, type Scope } from '../../lib/sparse/index.js';
import { accuracyOn, fitOptions, readInputs, reportSparse, targetsOf, train } from './context.js';
import { checkTraining, scopeOption, sparseTrainSchema, sparsityOption, targetOptions, type SparseTrainConfig, type TargetConfig } from './options.js';

export interface MagnitudeConfig extends SparseTrainConfig, TargetConfig {
  sparsity: number;
  scope: Scope;
  finetune: number;
}

export function createMagnitudePlugin(losses: LossRegistry = standardLosses): Plugin<MagnitudeConfig, Model> {
  return definePlugin<MagnitudeConfig, Model>({
    id: 'sparsify/magnitude',
    version: '1.0.0',
    kind: 'sparsify',
    description: 'One-shot magnitude pruning to a target sparsity (per layer or global), optional fine-tuning',
    configSchema: {
      ...sparseTrainSchema(losses, { sparsity: sparsityOption, scope: scopeOption, ...targetOptions }, { name: 'finetune', default: 0 }),
      required: ['sparsity'],
    },
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'for fine-tuning and accuracy' } },
    output: 'Model',
    check: (c) => checkTraining(c),
    async run(ctx, inputs, c) {
      const { model, ds } = readInputs(ctx, inputs);
      if (c.finetune > 0 && !ds) ctx.configError(['finetune'], 'fine-tuning needs a Dataset input', 'add a data stage before, or set finetune: 0');
      const targets = targetsOf(ctx, model, c.layers);
      const density = 1 - c.sparsity;
      const extra: Record<string, number> = {};
      const dense = ds ? await accuracyOn(model, ds) : undefined;
      if (dense !== undefined) extra.dense_accuracy = dense;
      const masks = {
        ...model.masks,
        ...magnitudeMasks(model.params, targets, { scope: c.scope, density, densities: allocate(c.allocation, targets, density), current: model.masks }),
      };
      let pruned: Model = { ...model, params: applyMaskArrays(model.params, masks), masks, meta: { ...model.meta, sparsity: { method: 'magnitude', sparsity: c.sparsity, scope: c.scope } } };
      ctx.log(`pruned ${targets.length} kernels to ${(100 * c.sparsity).toFixed(1)}% sparsity (${c.scope})`);
      if (ds) {
        const before = await accuracyOn(pruned, ds);
        if (before !== undefined) extra.accuracy_before_finetune = before;
      }
      if (c.finetune > 0 && ds) {
        const { train: split, options } = fitOptions(ctx, c, pruned, ds, losses, c.finetune);
        pruned = await train(pruned, split, options);
      }
      const metrics = await reportSparse(ctx, pruned, ds, extra);
      return { output: pruned, result: metrics };
    },
    docs: 'Keeps the largest-magnitude weights (per layer, or one global threshold), then fine-tunes with the mask held. See docs/plugins/sparsify-magnitude.md.',
  });
}

export const magnitudePlugin = createMagnitudePlugin();
