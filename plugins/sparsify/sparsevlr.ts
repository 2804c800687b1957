/**
 * `sparsify sparsevlr { sparsity: 0.95, loss: crown_ibp(eps: 0.1, ramp: 2..10) }`: SparseVLR —
 * dynamic sparse training inside verified-robust training, from a random sparse start, with no
 * dense pre-training. The sparse machinery is RigL's (plugins/sparsify/regrow.ts on lib/sparse:
 * ERK densities, magnitude prune, gradient regrow every `update_every` steps), trained with the
 * CROWN-IBP loss (lib/bounds); the result is verified like `verify crown|ibp` does, and its
 * training time is set against a dense robust baseline when one is given (`from init, dense`),
 * read from that model's meta (`training.seconds`, `metrics.verified_accuracy`).
 */
import { definePlugin, type ConfigIssue, type JsonSchema, type StageResult } from '../../kernel/plugin.js';
import { parseCrownIbp, robustLosses, type CrownIbpOptions } from '../../lib/bounds/index.js';
import type { TensorDataset } from '../../lib/data/index.js';
import { isCallValue, OptionValueError, type Model } from '../../lib/nn/index.js';
import { verifyMetrics, verifyModel } from '../verify/common.js';
import { createRiglPlugin } from './rigl.js';
import type { RegrowConfig } from './regrow.js';

export interface SparseVlrConfig extends RegrowConfig {
  verify: 'crown' | 'ibp' | 'none';
  verify_samples: number;
  pgd_steps: number;
}

const rigl = createRiglPlugin(robustLosses);
const riglSchema = rigl.configSchema as { properties: Record<string, JsonSchema> } & Record<string, unknown>;

const schema: JsonSchema = {
  ...riglSchema,
  properties: {
    ...riglSchema.properties,
    loss: { ...(riglSchema.properties.loss as object), default: { $kind: 'call', name: 'crown_ibp', args: [], kwargs: { eps: 0.1 } } },
    epochs: { ...(riglSchema.properties.epochs as object), default: 10 },
    verify: { enum: ['crown', 'ibp', 'none'], default: 'crown', description: 'how the trained sparse model is verified (at the loss eps)' },
    verify_samples: { type: 'integer', minimum: 1, default: 1000, description: 'test examples verified' },
    pgd_steps: { type: 'integer', minimum: 0, default: 20, description: 'PGD steps of the attack; 0 skips it' },
  },
};

/** The crown_ibp options of the config; OptionValueError paths start at the option. */
function robustLoss(c: SparseVlrConfig): CrownIbpOptions {
  if (!isCallValue(c.loss) || c.loss.name !== 'crown_ibp') {
    throw new OptionValueError('SparseVLR trains with the verified-robust loss crown_ibp', ['loss'], 'write loss: crown_ibp(eps: 0.1, ramp: 2..10)');
  }
  try {
    return parseCrownIbp(c.loss.args, c.loss.kwargs);
  } catch (e) {
    if (e instanceof OptionValueError) throw new OptionValueError(e.message, ['loss', ...e.path], e.hint);
    throw e;
  }
}

function issues(c: SparseVlrConfig): ConfigIssue[] {
  const out = [...(rigl.check?.(c) ?? [])];
  try {
    robustLoss(c);
  } catch (e) {
    if (!(e instanceof OptionValueError)) throw e;
    out.push({ path: e.path, message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export const sparseVlrPlugin = definePlugin<SparseVlrConfig, Model>({
  id: 'sparsify/sparsevlr',
  version: '1.0.0',
  kind: 'sparsify',
  description: 'SparseVLR: RigL-style dynamic sparse training inside CROWN-IBP verified-robust training, from a random sparse start',
  configSchema: schema,
  inputs: {
    model: { type: 'Model', description: 'the (untrained) dense architecture and its initial weights' },
    data: { type: 'Dataset' },
    baseline: { type: 'Model', optional: true, description: 'a dense robust model to compare training time and verified accuracy with' },
  },
  output: 'Model',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const loss = robustLoss(c);
    const ds = inputs.data as TensorDataset;
    // The training inputs are checked against the loss's domain by RigL's fit (training-loss.ts).
    const started = performance.now();
    const { verify: _v, verify_samples: _s, pgd_steps: _p, ...riglConfig } = c;
    const trained = await (rigl.run(ctx, inputs, riglConfig) as Promise<StageResult<Model>>);
    const seconds = (performance.now() - started) / 1000;
    const model = trained.output;
    const metrics: Record<string, number> = { ...(trained.result as Record<string, number>), train_seconds: seconds };
    if (c.verify !== 'none') {
      const r = await verifyModel(ctx, model, ds, {
        method: c.verify,
        eps: loss.eps,
        domain: loss.domain,
        samples: c.verify_samples,
        split: 'test',
        batch: c.verify === 'crown' ? 50 : 500,
        pgdSteps: c.pgd_steps,
        pgdRestarts: 1,
      });
      Object.assign(metrics, verifyMetrics(r));
    }
    const baseline = inputs.baseline as Model | undefined;
    const training = baseline?.meta?.training as Record<string, unknown> | undefined;
    const baseSeconds = num(training?.seconds);
    if (baseline && baseSeconds === undefined) ctx.warn('the baseline model carries no training time (meta.training.seconds); train it with a train stage');
    if (baseSeconds !== undefined) {
      metrics.baseline_train_seconds = baseSeconds;
      metrics.train_time_ratio = seconds / baseSeconds;
    }
    const baseVerified = num(baseline?.meta?.metrics?.verified_accuracy);
    if (baseVerified !== undefined && metrics.verified_accuracy !== undefined) {
      metrics.baseline_verified_accuracy = baseVerified;
      metrics.verified_accuracy_gap = baseVerified - metrics.verified_accuracy;
    }
    for (const [k, v] of Object.entries(metrics)) ctx.metric(k, v);
    model.meta = {
      ...model.meta,
      metrics: { ...model.meta?.metrics, ...metrics },
      training: { plugin: ctx.stage.pluginId, stage: ctx.stage.name, epochs: c.epochs, batch: c.batch, seconds },
      ...(c.verify !== 'none' ? { verification: { method: c.verify, eps: loss.eps, samples: c.verify_samples, split: 'test' } } : {}),
    };
    return { output: model, result: metrics };
  },
  docs: 'RigL (ERK start, magnitude prune, gradient regrow) trained with crown_ibp, then verified; compares with a dense robust baseline. See docs/techniques/certified-robustness.md.',
});
