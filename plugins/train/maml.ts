/**
 * `train maml { inner_steps: 3, inner_lr: 1e-2, first_order: false }`: MAML for implicit neural
 * representations (Learnit / Tancik et al.), the baseline of ECoP: every inner step uses the
 * full context, the outer loss is the adapted SIREN's error on the whole signal, and meta-test
 * signals are fitted with the same number of full-context steps.
 */
import { definePlugin } from '../../kernel/plugin.js';
import type { SirenModel } from '../../lib/inr/index.js';
import { outerIssues, outerSchema, runMetaStage, type OuterConfig } from '../inr/meta-stage.js';

export const mamlPlugin = definePlugin<OuterConfig, SirenModel>({
  id: 'train/maml',
  version: '1.0.0',
  kind: 'train',
  description: 'MAML for INRs: meta-learn a SIREN initialisation, full context in every inner step',
  configSchema: outerSchema(3, {}),
  inputs: { model: { type: 'Model.siren' }, data: { type: 'Signals' } },
  output: 'Model.siren',
  check: outerIssues,
  run(ctx, inputs, c) {
    const method = { innerSteps: c.inner_steps, innerLr: c.inner_lr, order: c.first_order ? ('first' as const) : ('second' as const), keep: 1, rescale: false, ...(c.test_steps ? { testSteps: c.test_steps } : {}) };
    return runMetaStage(ctx, inputs, c, method, 'maml');
  },
  docs: 'Metrics: psnr (meta-test, after test-time steps), psnr_init, peak_bytes (one outer step), step_ms. See docs/techniques/ecop.md.',
});
