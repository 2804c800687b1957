/** `model cnn { channels: [32, 64], kernel: 3, dense: 128, pool: 2 }` → Model. */
import { definePlugin } from '../../kernel/plugin.js';
import { ACTIVATIONS, cnnSpec, type Activation, type Model, type Padding } from '../../lib/nn/index.js';
import { buildModel, datasetInput } from './common.js';

export interface CnnConfig {
  channels: number[];
  kernel: number;
  dense: number;
  pool: number;
  activation: Activation;
  padding: Padding;
  dropout: number;
  stem: number;
}

export const cnnPlugin = definePlugin<CnnConfig, Model>({
  id: 'model/cnn',
  version: '1.1.0',
  kind: 'model',
  description: 'Convolutional classifier: (conv → activation → max-pool) per channel entry, then dense layers',
  configSchema: {
    type: 'object',
    properties: {
      channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, default: [32, 64] },
      kernel: { type: 'integer', minimum: 1, default: 3 },
      dense: { type: 'integer', minimum: 0, default: 128 },
      pool: { type: 'integer', minimum: 1, default: 2 },
      activation: { enum: [...ACTIVATIONS], default: 'relu' },
      padding: { enum: ['same', 'valid'], default: 'same' },
      dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0 },
      stem: {
        type: 'integer',
        minimum: 0,
        default: 0,
        description: 'width of a 1×1 conv → batch norm → activation stem before the conv blocks (per-pixel channel mixing); 0 for none',
      },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset', description: 'image data, examples shaped [height, width, channels]' } },
  output: 'Model',
  async run(ctx, inputs, c) {
    const ds = datasetInput(inputs);
    if (!ds) throw new Error('model cnn needs a Dataset input to size its layers');
    if (ds.inputShape.length !== 3) {
      const shape = ds.inputShape.join(', ');
      throw new Error(`model cnn needs images shaped [height, width, channels], the data has [${shape}] (for mnist, set flatten: false)`);
    }
    const spec = cnnSpec({ ...c, inputShape: ds.inputShape, numClasses: ds.numClasses });
    return buildModel(ctx, spec, ['channels']);
  },
  docs:
    'conv(k×k) → activation → max-pool per entry of `channels`, flatten, dense, activation, dense to the classes. ' +
    'See docs/plugins/model-cnn.md.',
});
