/**
 * `model cunet { levels: 4, base_channels: 8, steps: 2 }` → Model.segmentation: the Continuous
 * U-Net of Cheng et al.: a U-Net whose every block is a second-order ODE in feature space,
 * x'' = f(x, x') with x'(0) = g(x(0)), integrated over t ∈ [0, 1] by fixed-step RK4 with
 * back-propagation through the steps.
 */
import { definePlugin } from '../../kernel/plugin.js';
import type { SegModel } from '../../lib/cunet/index.js';
import { buildSegModel, checkUNetConfig, segDataPort, unetModelOptions, type UNetModelConfig } from '../cunet/model.js';

export interface CunetConfig extends UNetModelConfig {
  steps: number;
}

export const cunetPlugin = definePlugin<CunetConfig, SegModel>({
  id: 'model/cunet',
  version: '1.0.0',
  kind: 'model',
  description: 'Continuous U-Net: one second-order ODE block (RK4) per level, max-pool down, up-conv + skips up',
  configSchema: {
    type: 'object',
    properties: {
      ...unetModelOptions,
      steps: { type: 'integer', minimum: 1, default: 2, description: 'fixed RK4 steps over t ∈ [0, 1] (4 evaluations of f each)' },
    },
    additionalProperties: false,
  },
  inputs: { data: segDataPort },
  output: 'Model.segmentation',
  check: checkUNetConfig,
  async run(ctx, inputs, c) {
    return buildSegModel(ctx, inputs, c, { block: 'ode', steps: c.steps, norm: true, epsilon: 1e-5 });
  },
  docs:
    'Per level: x0 = conv3×3(input), v0 = g(x0) (conv3×3), d/dt[x; v] = [v; f(x, v)], f = IN → conv3×3 → act → IN → conv1×1 → act on [x, v]; ' +
    'output x(1). See docs/plugins/model-cunet.md and docs/techniques/continuous-unet.md.',
});
