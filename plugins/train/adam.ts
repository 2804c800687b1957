/** `train adam { epochs: 10, lr: 1e-3 }`: Model + Dataset → trained Model. */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { checkTrainConfig, runTrain, trainSchema, type TrainConfig } from './common.js';

export interface AdamConfig extends TrainConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** decoupled = AdamW; l2 = the penalty added to the gradient. */
  weight_decay_mode: 'decoupled' | 'l2';
}

export function createAdamPlugin(losses: LossRegistry = standardLosses): Plugin<AdamConfig, Model> {
  return definePlugin<AdamConfig, Model>({
    id: 'train/adam',
    version: '1.0.0',
    kind: 'train',
    description: 'Mini-batch Adam / AdamW',
    configSchema: trainSchema(losses, 1e-3, {
      beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9 },
      beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999 },
      epsilon: { type: 'number', exclusiveMinimum: 0, default: 1e-8 },
      weight_decay_mode: { enum: ['decoupled', 'l2'], default: 'decoupled' },
    }),
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
    output: 'Model',
    check: checkTrainConfig,
    run: (ctx, inputs, c) =>
      runTrain(
        ctx,
        inputs,
        c,
        {
          type: 'adam',
          beta1: c.beta1,
          beta2: c.beta2,
          epsilon: c.epsilon,
          weightDecay: c.weight_decay,
          decoupled: c.weight_decay_mode === 'decoupled',
        },
        losses,
      ),
    docs: 'Trains every parameter with Adam (AdamW when weight_decay > 0); sparsity masks stay in force. See docs/plugins/train-adam.md.',
  });
}

export const adamPlugin = createAdamPlugin();
