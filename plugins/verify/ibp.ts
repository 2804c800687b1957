/** `verify ibp { eps: 0.1 }`: certified accuracy by interval bound propagation, plus a PGD attack. */
import { definePlugin } from '../../kernel/plugin.js';
import type { Model } from '../../lib/nn/index.js';
import { checkVerifyConfig, runVerify, verifySchema, type VerifyConfig } from './common.js';

export const verifyIbpPlugin = definePlugin<VerifyConfig, Model>({
  id: 'verify/ibp',
  version: '1.0.0',
  kind: 'verify',
  description: 'Certified robustness in the L∞ ball by interval bound propagation (IBP), with clean and PGD accuracy',
  configSchema: verifySchema('ibp'),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Model',
  check: checkVerifyConfig,
  run: (ctx, inputs, c) => runVerify(ctx, inputs, c, 'ibp'),
  docs: 'verified_accuracy (IBP, margins folded into the last layer), clean_accuracy, pgd_accuracy, mean_bound_width. See docs/plugins/verify-ibp.md.',
});
