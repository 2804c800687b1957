/** `model mlp { layers: [784, 256, 256, 10], activation: relu }` → Model. */
import { definePlugin } from '../../kernel/plugin.js';
import { rowSize } from '../../lib/data/index.js';
import { ACTIVATIONS, mlpSpec, type Activation, type Model } from '../../lib/nn/index.js';
import { buildModel, datasetInput } from './common.js';

export interface MlpConfig {
  layers: number[];
  activation: Activation;
  dropout: number;
}

export const mlpPlugin = definePlugin<MlpConfig, Model>({
  id: 'model/mlp',
  version: '1.0.0',
  kind: 'model',
  description: 'Multi-layer perceptron: dense layers with an activation between them, logits out',
  configSchema: {
    type: 'object',
    properties: {
      layers: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2, default: [784, 256, 256, 10] },
      activation: { enum: [...ACTIVATIONS], default: 'relu' },
      dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0 },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset', optional: true, description: 'sizes the input and output layers are checked against' } },
  output: 'Model',
  async run(ctx, inputs, c) {
    const ds = datasetInput(inputs);
    const inputShape = ds ? ds.inputShape : [c.layers[0]!];
    const inSize = rowSize(inputShape);
    if (c.layers[0] !== inSize) {
      const shape = inputShape.join(', ');
      ctx.configError(['layers', 0], `the input layer has ${c.layers[0]} units but an example of the data has ${inSize} values ([${shape}])`, `use ${inSize}`);
    }
    const last = c.layers.length - 1;
    if (ds && c.layers[last] !== ds.numClasses) {
      const message = `the output layer has ${c.layers[last]} units but the data has ${ds.numClasses} classes`;
      ctx.configError(['layers', last], message, `use ${ds.numClasses}`);
    }
    const spec = mlpSpec({ inputShape, units: c.layers.slice(1), activation: c.activation, dropout: c.dropout });
    return buildModel(ctx, spec, ['layers']);
  },
  docs: 'Dense layers of the given widths (input first, classes last), seeded He/Glorot init. See docs/plugins/model-mlp.md.',
});
