/** `verify crown { eps: 0.1 }`: certified accuracy by CROWN (linear relaxation), plus a PGD attack. */
import { definePlugin } from '../../kernel/plugin.js';
import type { Model } from '../../lib/nn/index.js';
import { checkVerifyConfig, runVerify, verifySchema, type VerifyConfig } from './common.js';

export const verifyCrownPlugin = definePlugin<VerifyConfig, Model>({
  id: 'verify/crown',
  version: '1.0.0',
  kind: 'verify',
  description: 'Certified robustness in the L∞ ball by CROWN (backward linear relaxation of relu), with clean and PGD accuracy',
  configSchema: verifySchema('crown'),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Model',
  check: checkVerifyConfig,
  run: (ctx, inputs, c) => runVerify(ctx, inputs, c, 'crown'),
  docs: 'verified_accuracy (CROWN, adaptive relu lower slope, intersected with IBP), clean_accuracy, pgd_accuracy, mean_bound_width. See docs/plugins/verify-crown.md.',
});
