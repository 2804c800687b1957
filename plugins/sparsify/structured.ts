/**
 * `sparsify structured { amount: 0.5, norm: l1, finetune: 3 }`: removes the lowest-norm
 * neurons (dense) or channels (conv2d) of each hidden layer and rebuilds a smaller dense model;
 * optionally fine-tunes it. The output has fewer parameters, not zeros.
 */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import { countParams, standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { pruneStructured, type UnitNorm } from '../../lib/sparse/index.js';
import { accuracyOn, configured, fitOptions, readInputs, reportSparse, train } from './context.js';
import { checkTraining, sparseTrainSchema, type SparseTrainConfig } from './options.js';

export interface StructuredConfig extends SparseTrainConfig {
  amount: number;
  norm: UnitNorm;
  layers?: string[];
  finetune: number;
}

export function createStructuredPlugin(losses: LossRegistry = standardLosses): Plugin<StructuredConfig, Model> {
  return definePlugin<StructuredConfig, Model>({
    id: 'sparsify/structured',
    version: '1.0.0',
    kind: 'sparsify',
    description: 'Neuron/channel pruning by L1 or L2 norm into a genuinely smaller dense model',
    configSchema: {
      ...sparseTrainSchema(
        losses,
        {
          amount: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'fraction of units removed per layer' },
          norm: { enum: ['l1', 'l2'], default: 'l1' },
          layers: { type: 'array', items: { type: 'string' }, minItems: 1 },
        },
        { name: 'finetune', default: 0 },
      ),
      required: ['amount'],
    },
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true } },
    output: 'Model',
    check: (c) => checkTraining(c),
    async run(ctx, inputs, c) {
      const { model, ds } = readInputs(ctx, inputs);
      if (c.finetune > 0 && !ds) ctx.configError(['finetune'], 'fine-tuning needs a Dataset input');
      const extra: Record<string, number> = { params_before: countParams(model) };
      const dense = ds ? await accuracyOn(model, ds) : undefined;
      if (dense !== undefined) extra.dense_accuracy = dense;
      const { model: small, report } = configured(ctx, () => pruneStructured(model, { amount: c.amount, norm: c.norm, ...(c.layers ? { layers: c.layers } : {}) }), ['layers']);
      let out: Model = { ...small, meta: { ...small.meta, sparsity: { method: 'structured', amount: c.amount, norm: c.norm } } };
      extra.params = countParams(out);
      for (const [layer, kept] of Object.entries(report.kept)) {
        extra[`units/${layer}`] = kept.length;
        ctx.log(`${layer}: ${report.before[layer]} → ${kept.length} units`);
      }
      if (c.finetune > 0 && ds) {
        const { train: split, options } = fitOptions(ctx, c, out, ds, losses, c.finetune);
        out = await train(out, split, options);
      }
      const metrics = await reportSparse(ctx, out, ds, extra, extra.params_before);
      return { output: out, result: { ...metrics, kept: Object.fromEntries(Object.entries(report.kept).map(([k, v]) => [k, v.length])) } };
    },
    docs: 'Removes whole neurons/channels and rebuilds a smaller dense model. See docs/plugins/sparsify-structured.md.',
  });
}

export const structuredPlugin = createStructuredPlugin();
