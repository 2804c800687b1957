/**
 * `compress kmeans { bits: 5, conv_bits: 8, init: linear, finetune: 2 }`: weight sharing (Deep
 * Compression, stage 2). Each kernel's kept weights are clustered into 2^bits shared values
 * (pruned weights stay 0), then the centroids are fine-tuned: a centroid's gradient is the sum
 * of the gradients of the weights sharing it.
 */
import { checkTrainConfig } from '../train/common.js';
import { definePlugin } from '../../kernel/plugin.js';
import { isWeighted, KMEANS_INITS, selectLayers, shareWeights, sharedParametrisation, compressionOf, withCompression, type KmeansInit } from '../../lib/compress/index.js';
import { trainableParamNames, type Model } from '../../lib/nn/index.js';
import { bitsOption, compressSchema, configured, readInputs, reportCompressed, trainStage, type CompressTrainConfig } from './common.js';

export interface KmeansConfig extends CompressTrainConfig {
  bits: number;
  conv_bits?: number;
  init: KmeansInit;
  finetune: number;
}

export const kmeansPlugin = definePlugin<KmeansConfig, Model>({
  id: 'compress/kmeans',
  version: '1.0.0',
  kind: 'compress',
  description: 'Weight sharing: per-layer k-means codebooks (2^bits values), then centroid fine-tuning',
  configSchema: compressSchema(
    {
      bits: { ...bitsOption(5), description: 'codebook size 2^bits for dense (and, without conv_bits, every) layer' },
      conv_bits: { type: 'integer', minimum: 1, maximum: 16, description: 'codebook bits for convolutions (default: bits)' },
      init: { enum: [...KMEANS_INITS], default: 'linear' },
    },
    { name: 'finetune', default: 0 },
  ),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'for fine-tuning and accuracy' } },
  output: 'Model',
  check: (c) => checkTrainConfig({ ...c, epochs: 1 }),
  async run(ctx, inputs, c) {
    const { model, ds } = readInputs(ctx, inputs);
    if (c.finetune > 0 && !ds) ctx.configError(['finetune'], 'fine-tuning needs a Dataset input', 'add a data stage before, or set finetune: 0');
    const targets = configured(ctx, () => selectLayers(model.arch, c.layers, isWeighted, 'dense, conv2d or depthwise_conv2d'), ['layers']);
    const bitsOf = (type: string) => (type === 'dense' ? c.bits : (c.conv_bits ?? c.bits));
    const shared = shareWeights(model, targets.map((t) => ({ name: t.kernel, bits: bitsOf(t.layer.type) })), { init: c.init, rng: ctx.rng.fork('kmeans') });
    let out = shared.model;
    ctx.log(`shared ${targets.length} kernels: ${targets.map((t) => `${t.layer.name} ${2 ** bitsOf(t.layer.type)} values`).join(', ')}`);
    const extra: Record<string, number> = {};
    if (c.finetune > 0 && ds) {
      extra.accuracy_before_finetune = (await reportCompressed(ctx, out, ds, { timing: false })).accuracy!;
      const p = sharedParametrisation(out, trainableParamNames(out.arch));
      try {
        await trainStage(ctx, c, out, ds, p, c.finetune);
        out = await p.read();
      } finally {
        p.dispose();
      }
    }
    const meta = compressionOf(out);
    meta.steps.push('kmeans');
    out = withCompression(out, meta);
    const metrics = await reportCompressed(ctx, out, ds, { extra, ...(c.export ? { exportPath: c.export } : {}) });
    return { output: out, result: metrics };
  },
  docs: 'k-means weight sharing with centroid fine-tuning; pruned weights stay pruned. See docs/plugins/compress-kmeans.md.',
});
