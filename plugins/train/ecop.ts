/**
 * `train ecop { inner_steps: 16, inner_lr: 1e-2, keep: 0.25, bootstrap_steps: 5,
 * bootstrap_lr: 5e-2, lambda: 100 }`: MAML with online context pruning (ECoP / GradNCP, Tack et
 * al. 2023). Each inner step keeps the top `keep` of the points by ‖e‖·√(‖φ‖² + 1); a
 * bootstrapped target adds λ·d(θ_K, stopgrad(θ_boot)) to the outer loss; meta-test signals are
 * fitted on the full context with gradient rescaling. `prune`, `bootstrap` and `rescale`
 * switch each part off for the ablation.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import type { BootDistance, SirenModel } from '../../lib/inr/index.js';
import { outerIssues, outerSchema, runMetaStage, type OuterConfig } from '../inr/meta-stage.js';

export interface EcopConfig extends OuterConfig {
  keep: number;
  bootstrap_steps: number;
  bootstrap_lr: number;
  lambda: number;
  boot_distance: BootDistance;
  prune: boolean;
  bootstrap: boolean;
  rescale: boolean;
}

function issues(c: EcopConfig): ConfigIssue[] {
  const out = outerIssues(c);
  if (!(c.keep > 0 && c.keep <= 1)) {
    out.push({ path: ['keep'], message: `keep must be in (0, 1]: the fraction of context points each inner step keeps, got ${c.keep}`, hint: 'e.g. keep: 0.25' });
  }
  return out;
}

export const ecopPlugin = definePlugin<EcopConfig, SirenModel>({
  id: 'train/ecop',
  version: '1.0.0',
  kind: 'train',
  description: 'ECoP / GradNCP: MAML for INRs with online context pruning, a bootstrapped target and test-time gradient rescaling',
  configSchema: outerSchema(16, {
    keep: { type: 'number', default: 0.25, description: 'fraction of context points kept per inner step, in (0, 1]' },
    bootstrap_steps: { ...positiveInt, default: 5, description: 'full-context steps after the inner loop that make the target' },
    bootstrap_lr: { ...positiveNumber, default: 5e-2, description: 'step size of the bootstrap steps' },
    lambda: { type: 'number', minimum: 0, default: 100, description: 'weight of the distance to the bootstrapped target' },
    boot_distance: { enum: ['squared', 'l2'], default: 'squared', description: 'squared L2 distance, or the L2 norm (the authors\' code)' },
    prune: { type: 'boolean', default: true, description: 'ablation switch: false uses the full context in every inner step' },
    bootstrap: { type: 'boolean', default: true, description: 'ablation switch: false drops the bootstrap term' },
    rescale: { type: 'boolean', default: true, description: 'ablation switch: false adapts at test time with plain full-context gradients' },
  }),
  inputs: { model: { type: 'Model.siren' }, data: { type: 'Signals' } },
  output: 'Model.siren',
  check: issues,
  run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const method = {
      innerSteps: c.inner_steps,
      innerLr: c.inner_lr,
      order: c.first_order ? ('first' as const) : ('second' as const),
      keep: c.prune ? c.keep : 1,
      rescale: c.rescale,
      ...(c.bootstrap && c.lambda > 0 ? { bootstrap: { steps: c.bootstrap_steps, lr: c.bootstrap_lr, lambda: c.lambda, distance: c.boot_distance } } : {}),
      ...(c.test_steps ? { testSteps: c.test_steps } : {}),
    };
    return runMetaStage(ctx, inputs, c, method, 'ecop');
  },
  docs: 'Metrics: psnr (meta-test, full context + rescaling), psnr_init, peak_bytes (one outer step), step_ms, bootstrap_term. See docs/techniques/ecop.md.',
});
