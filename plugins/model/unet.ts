/**
 * `model unet { levels: 4, base_channels: 12 }` → Model.segmentation: the plain U-Net
 * (Ronneberger et al.) with two conv3×3 → (instance norm) → act per block, the baseline the
 * Continuous U-Net is compared against at a matched parameter count (`match_params`).
 */
import { definePlugin } from '../../kernel/plugin.js';
import type { SegModel } from '../../lib/cunet/index.js';
import { buildSegModel, checkUNetConfig, segDataPort, unetModelOptions, type UNetModelConfig } from '../cunet/model.js';

export interface UnetConfig extends UNetModelConfig {
  norm: boolean;
}

export const unetPlugin = definePlugin<UnetConfig, SegModel>({
  id: 'model/unet',
  version: '1.0.0',
  kind: 'model',
  description: 'U-Net: two conv3×3 (+ instance norm) per level, max-pool down, up-conv + skips up',
  configSchema: {
    type: 'object',
    properties: {
      ...unetModelOptions,
      norm: { type: 'boolean', default: true, description: 'instance norm after each convolution (as inside the ODE blocks)' },
    },
    additionalProperties: false,
  },
  inputs: { data: segDataPort },
  output: 'Model.segmentation',
  check: checkUNetConfig,
  async run(ctx, inputs, c) {
    return buildSegModel(ctx, inputs, c, { block: 'plain', steps: 1, norm: c.norm, epsilon: 1e-5 });
  },
  docs: 'Per level: conv3×3 → IN → act → conv3×3 → IN → act. `match_params: N` picks the width whose parameter count is closest to N. See docs/plugins/model-unet.md.',
});
