/**
 * `sparsify gmp { sparsity: 0.9, start: 1, end: 6, every: 0.25, epochs: 8 }`: trains the
 * model while its sparsity follows the cubic schedule of gradual magnitude pruning (Zhu &
 * Gupta 2017) from `initial_sparsity` at `start` to `sparsity` at `end`, recomputing the
 * magnitude masks every `every`; after `end` it trains on with the final mask.
 */
import { definePlugin, type ConfigIssue, type Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { DynamicSparsity, type Scope } from '../../lib/sparse/index.js';
import { fitOptions, readInputs, reportSparse, targetsOf, train } from './context.js';
import { checkTraining, scopeOption, sparseTrainSchema, sparsityOption, targetOptions, type SparseTrainConfig, type TargetConfig } from './options.js';
import { toSteps, type TimeUnit } from './time.js';

export interface GmpConfig extends SparseTrainConfig, TargetConfig {
  sparsity: number;
  initial_sparsity: number;
  start: number;
  /** Default: 3/4 of training. */
  end?: number;
  every: number;
  unit: TimeUnit;
  scope: Scope;
}

function gmpIssues(c: GmpConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [...checkTraining(c)];
  const end = c.end ?? (c.unit === 'epoch' ? 0.75 * c.epochs : undefined);
  if (end !== undefined && end <= c.start) {
    issues.push({ path: [c.end === undefined ? 'start' : 'end'], message: `the schedule ends (${end}) before it starts (${c.start})`, hint: 'end must be after start' });
  }
  if (c.unit === 'epoch' && c.end !== undefined && c.end > c.epochs) {
    issues.push({ path: ['end'], message: `end ${c.end} is after the last epoch (${c.epochs})` });
  }
  if (c.initial_sparsity > c.sparsity) {
    issues.push({ path: ['initial_sparsity'], message: `initial_sparsity ${c.initial_sparsity} is above the final sparsity ${c.sparsity}` });
  }
  return issues;
}

export function createGmpPlugin(losses: LossRegistry = standardLosses): Plugin<GmpConfig, Model> {
  return definePlugin<GmpConfig, Model>({
    id: 'sparsify/gmp',
    version: '1.0.0',
    kind: 'sparsify',
    description: 'Gradual magnitude pruning during training along the cubic sparsity schedule',
    configSchema: {
      ...sparseTrainSchema(
        losses,
        {
          sparsity: sparsityOption,
          initial_sparsity: { ...sparsityOption, default: 0 },
          start: { type: 'number', minimum: 0, default: 0 },
          end: { type: 'number', exclusiveMinimum: 0 },
          every: { type: 'number', exclusiveMinimum: 0, default: 0.25 },
          unit: { enum: ['epoch', 'step'], default: 'epoch' },
          scope: scopeOption,
          ...targetOptions,
        },
        { name: 'epochs', default: 10 },
      ),
      required: ['sparsity'],
    },
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
    output: 'Model',
    check: gmpIssues,
    async run(ctx, inputs, c) {
      for (const i of gmpIssues(c)) ctx.configError(i.path, i.message, i.hint);
      const { model, ds } = readInputs(ctx, inputs);
      const targets = targetsOf(ctx, model, c.layers);
      const { train: split, options } = fitOptions(ctx, c, model, ds!, losses, c.epochs);
      const perEpoch = Math.ceil(split.n / c.batch);
      const start = toSteps(c.start, c.unit, perEpoch);
      const end = c.end === undefined ? Math.floor(0.75 * c.epochs * perEpoch) : toSteps(c.end, c.unit, perEpoch);
      if (end <= start) ctx.configError(['end'], `in steps the schedule runs from ${start} to ${end}; it needs at least one step`);
      const schedule = { initial: c.initial_sparsity, final: c.sparsity, start, end, every: Math.max(1, toSteps(c.every, c.unit, perEpoch)) };
      const ds2 = new DynamicSparsity({
        method: { kind: 'gmp', schedule, scope: c.scope, allocation: c.allocation },
        targets,
        rng: ctx.rng.fork('masks'),
        onUpdate: (step, s) => ctx.metric('sparsity_schedule', s, step + 1),
      });
      try {
        const trained = await train(ds2.start(model), split, { ...options, hooks: (live) => ds2.hooks(live) });
        trained.masks = ds2.masks();
        trained.meta = { ...trained.meta, sparsity: { method: 'gmp', ...schedule, scope: c.scope, allocation: c.allocation } };
        const metrics = await reportSparse(ctx, trained, ds);
        return { output: trained, result: { ...metrics, start_step: start, end_step: end } };
      } finally {
        ds2.dispose();
      }
    },
    docs: 'Cubic gradual magnitude pruning while training. See docs/plugins/sparsify-gmp.md.',
  });
}

export const gmpPlugin = createGmpPlugin();
