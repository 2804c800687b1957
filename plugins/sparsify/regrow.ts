/**
 * What `sparsify set` and `sparsify rigl` share: sparse training from a random sparse start
 * (densities from the allocation), where every `update_every` steps until `stop` (a fraction of
 * training) each layer drops `drop_fraction` of its active weights by magnitude and grows as
 * many elsewhere — at random (SET) or where the gradient is largest (RigL).
 */
import { definePlugin, type ConfigIssue, type JsonSchema, type JsonValue, type Plugin } from '../../kernel/plugin.js';
import { callSchema } from '../../kernel/schema.js';
import { OptionValueError, resolveSchedule, type CallValue, type LossRegistry, type Model, type Schedule } from '../../lib/nn/index.js';
import { DynamicSparsity } from '../../lib/sparse/index.js';
import { configured, fitOptions, readInputs, reportSparse, targetsOf, train } from './context.js';
import { checkTraining, issueOf, sparseTrainSchema, sparsityOption, targetOptions, type SparseTrainConfig, type TargetConfig } from './options.js';

export interface RegrowConfig extends SparseTrainConfig, TargetConfig {
  sparsity?: number;
  density?: number;
  update_every: number;
  stop: number;
  drop_fraction: number | CallValue;
}

const fractionSchedule: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0, maximum: 1 },
    callSchema(['constant', 'cosine', 'linear'], { to: { type: 'number', minimum: 0, maximum: 1 } }, { args: { type: 'array', maxItems: 1 } }),
  ],
};

function dropSchedule(v: number | CallValue): Schedule {
  const s = resolveSchedule(v);
  for (const step of [0, 99]) {
    const f = s({ step, totalSteps: 100, stepsPerEpoch: 10 });
    if (!(f >= 0 && f <= 1)) throw new OptionValueError(`a drop fraction must stay in [0, 1]; this one reaches ${f}`);
  }
  return s;
}

function regrowIssues(c: RegrowConfig): ConfigIssue[] {
  const issues = [...checkTraining(c)];
  if ((c.sparsity === undefined) === (c.density === undefined)) {
    issues.push({ path: c.density !== undefined ? ['density'] : [], message: 'give either sparsity or density (= 1 − sparsity)' });
  }
  try {
    dropSchedule(c.drop_fraction);
  } catch (e) {
    issues.push(...issueOf(e, ['drop_fraction']));
  }
  return issues;
}

export function createRegrowPlugin(method: 'set' | 'rigl', losses: LossRegistry): Plugin<RegrowConfig, Model> {
  const defaultDrop: JsonValue =
    method === 'rigl' ? { $kind: 'call', name: 'cosine', args: [{ $kind: 'arrow', from: 0.3, to: 0 }], kwargs: {} } : 0.3;
  return definePlugin<RegrowConfig, Model>({
    id: `sparsify/${method}`,
    version: '1.0.0',
    kind: 'sparsify',
    description:
      method === 'rigl'
        ? 'RigL: sparse training that prunes by magnitude and regrows by gradient magnitude'
        : 'SET: sparse evolutionary training, prune by magnitude and regrow at random',
    configSchema: sparseTrainSchema(
      losses,
      {
        sparsity: sparsityOption,
        density: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        ...targetOptions,
        allocation: { ...(targetOptions.allocation as object), default: 'erk' },
        update_every: { type: 'integer', minimum: 1, default: 100, description: 'optimizer steps between mask updates' },
        stop: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.75, description: 'fraction of training after which the mask is frozen' },
        drop_fraction: { ...fractionSchedule, default: defaultDrop },
      },
      { name: 'epochs', default: 10 },
    ),
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
    output: 'Model',
    check: regrowIssues,
    async run(ctx, inputs, c) {
      for (const i of regrowIssues(c)) ctx.configError(i.path, i.message, i.hint);
      const { model, ds } = readInputs(ctx, inputs);
      const targets = targetsOf(ctx, model, c.layers);
      const density = c.density ?? 1 - c.sparsity!;
      const dropFraction = configured(ctx, () => dropSchedule(c.drop_fraction), ['drop_fraction']);
      const { train: split, options } = fitOptions(ctx, c, model, ds!, losses, c.epochs);
      const totalSteps = Math.ceil(split.n / c.batch) * c.epochs;
      const update = { every: c.update_every, stop: Math.floor(c.stop * totalSteps), dropFraction };
      if (update.stop <= update.every) ctx.warn(`no mask update happens: the first would be at step ${update.every}, updates stop at ${update.stop}`);
      const sparsity = new DynamicSparsity({
        method: { kind: method, density, allocation: c.allocation, update },
        targets,
        rng: ctx.rng.fork('masks'),
        onUpdate: (step) => ctx.metric('mask_updates', Math.floor(step / update.every), step + 1),
      });
      try {
        const trained = await train(sparsity.start(model), split, { ...options, hooks: (live) => sparsity.hooks(live) });
        trained.masks = sparsity.masks();
        trained.meta = { ...trained.meta, sparsity: { method, density, allocation: c.allocation, update_every: c.update_every, stop_step: update.stop } };
        const metrics = await reportSparse(ctx, trained, ds);
        return { output: trained, result: metrics };
      } finally {
        sparsity.dispose();
      }
    },
    docs: `See docs/plugins/sparsify-${method}.md.`,
  });
}
