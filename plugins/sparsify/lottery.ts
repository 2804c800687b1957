/**
 * `sparsify lottery { sparsity: 0.9, rounds: 3, epochs: 3, rewind_epoch: 1 }`: iterative
 * magnitude pruning with weight rewinding. Each round trains, prunes (1 − (1 − s)^(1/R)) of
 * the remaining weights, and rewinds the survivors; the final ticket is trained once more.
 * `output: ticket` hands on the rewound ticket untrained instead.
 */
import { definePlugin, type ConfigIssue, type Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { lotteryTicket, type Scope } from '../../lib/sparse/index.js';
import { accuracyOn, fitOptions, readInputs, reportSparse, targetsOf } from './context.js';
import { checkTraining, scopeOption, sparseTrainSchema, sparsityOption, targetOptions, type SparseTrainConfig, type TargetConfig } from './options.js';

export interface LotteryConfig extends SparseTrainConfig, TargetConfig {
  sparsity: number;
  rounds: number;
  rewind_epoch: number;
  scope: Scope;
  output: 'trained' | 'ticket';
}

function lotteryIssues(c: LotteryConfig): ConfigIssue[] {
  const issues = checkTraining(c);
  if (c.rewind_epoch >= c.epochs) issues.push({ path: ['rewind_epoch'], message: `rewinding to epoch ${c.rewind_epoch} needs more than ${c.epochs} epochs per round` });
  return issues;
}

export function createLotteryPlugin(losses: LossRegistry = standardLosses): Plugin<LotteryConfig, Model> {
  return definePlugin<LotteryConfig, Model>({
    id: 'sparsify/lottery',
    version: '1.0.0',
    kind: 'sparsify',
    description: 'Lottery ticket: iterative magnitude pruning with weight rewinding',
    configSchema: {
      ...sparseTrainSchema(
        losses,
        {
          sparsity: sparsityOption,
          rounds: { type: 'integer', minimum: 1, maximum: 50, default: 3 },
          rewind_epoch: { type: 'integer', minimum: 0, default: 0, description: '0: rewind to the initialisation' },
          scope: { ...(scopeOption as object), default: 'global' },
          output: { enum: ['trained', 'ticket'], default: 'trained' },
          ...targetOptions,
        },
        { name: 'epochs', default: 3 },
      ),
      required: ['sparsity'],
    },
    inputs: { model: { type: 'Model', description: 'an untrained model: its weights are the rewind point' }, data: { type: 'Dataset' } },
    output: 'Model',
    check: lotteryIssues,
    async run(ctx, inputs, c) {
      for (const i of lotteryIssues(c)) ctx.configError(i.path, i.message, i.hint);
      const { model, ds } = readInputs(ctx, inputs);
      const targets = targetsOf(ctx, model, c.layers);
      const { train, options } = fitOptions(ctx, c, model, ds!, losses, c.epochs);
      const { epochs: _e, ...shared } = options;
      let denseAccuracy: number | undefined;
      const r = await lotteryTicket(model, train, {
        sparsity: c.sparsity,
        rounds: c.rounds,
        epochs: c.epochs,
        rewindEpoch: c.rewind_epoch,
        scope: c.scope,
        allocation: c.allocation,
        targets,
        fit: shared,
        onRound: async (round, sparsity, trained) => {
          const acc = await accuracyOn(trained, ds!);
          if (round === 1 && acc !== undefined) denseAccuracy = acc;
          if (acc !== undefined) ctx.metric('round_accuracy', acc, round);
          ctx.metric('round_sparsity', sparsity, round);
          ctx.log(`round ${round}/${c.rounds}: trained accuracy ${acc?.toFixed(4)}, now pruned to ${(100 * sparsity).toFixed(1)}%`);
        },
      });
      const out = c.output === 'ticket' ? r.ticket : r.trained;
      out.meta = { ...out.meta, sparsity: { method: 'lottery', sparsity: c.sparsity, rounds: c.rounds, rewind_epoch: c.rewind_epoch } };
      const metrics = await reportSparse(ctx, out, ds, denseAccuracy !== undefined ? { dense_accuracy: denseAccuracy } : {});
      return { output: out, result: metrics };
    },
    docs: 'Iterative magnitude pruning with rewinding (Frankle & Carbin). See docs/plugins/sparsify-lottery.md.',
  });
}

export const lotteryPlugin = createLotteryPlugin();
