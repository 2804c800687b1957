/** `train sgd { epochs: 10, lr: 0.1, momentum: 0.9 }`: Model + Dataset → trained Model. */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { checkTrainConfig, runTrain, trainSchema, type TrainConfig } from './common.js';

export interface SgdConfig extends TrainConfig {
  momentum: number;
  nesterov: boolean;
}

export function createSgdPlugin(losses: LossRegistry = standardLosses): Plugin<SgdConfig, Model> {
  return definePlugin<SgdConfig, Model>({
    id: 'train/sgd',
    version: '1.0.0',
    kind: 'train',
    description: 'Mini-batch SGD with momentum (optionally Nesterov) and L2 weight decay',
    configSchema: trainSchema(losses, 0.1, {
      momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9 },
      nesterov: { type: 'boolean', default: false },
    }),
    inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
    output: 'Model',
    check: checkTrainConfig,
    run: (ctx, inputs, c) =>
      runTrain(ctx, inputs, c, { type: 'sgd', momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weight_decay }, losses),
    docs: 'Trains every parameter with SGD; sparsity masks on the model stay in force. See docs/plugins/train-sgd.md.',
  });
}

export const sgdPlugin = createSgdPlugin();
