/**
 * `model convnet { channels: [16, 32], kernel: 3 }` → Model.backbone: the small conv backbone of
 * a siamese network (conv-BN-relu-pool blocks, global average pool), sized from the images of
 * its Dataset input. Its output width is the last channel count.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { convnetSpec } from '../../lib/nasiam/index.js';
import { outputSize, type Model } from '../../lib/nn/index.js';
import { convnetSchema, type ConvnetOptions } from '../nasiam/common.js';
import { buildModel, datasetInput } from './common.js';

export const convnetPlugin = definePlugin<ConvnetOptions, Model>({
  id: 'model/convnet',
  version: '1.0.0',
  kind: 'model',
  description: 'Small conv backbone: (conv → batch norm → relu → max-pool) per channel entry, then a global average pool',
  configSchema: { type: 'object', properties: { ...convnetSchema }, additionalProperties: false },
  inputs: { data: { type: 'Dataset', description: 'images shaped [height, width, channels]' } },
  output: 'Model.backbone',
  async run(ctx, inputs, c) {
    const ds = datasetInput(inputs);
    if (!ds) throw new Error('model convnet needs a Dataset input to size its layers');
    if (ds.inputShape.length !== 3) {
      ctx.configError([], `model convnet needs images shaped [height, width, channels], the data has [${ds.inputShape.join(', ')}]`, 'for mnist, set flatten: false');
    }
    const built = buildModel(ctx, convnetSpec({ inputShape: ds.inputShape, ...c }), ['channels']);
    return { output: built.output, result: { ...built.result, features: outputSize(built.output.arch) } };
  },
  docs: 'The backbone of `model simsiam` / `search nasiam`; features = the last channel count. See docs/plugins/model-convnet.md.',
});
