/**
 * `compress compact { epochs: 3, init: svd }`: compact filters — every k×k convolution (k > 1)
 * becomes a depthwise k×k convolution followed by a 1×1 convolution (MobileNet's
 * depthwise-separable block, k²·C + C·F weights instead of k²·C·F), initialised from the best
 * separable approximation of the trained kernel (`svd`) or afresh (`random`), then trained.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { compressionOf, replaceLayer, selectLayers, separableConv, withCompression } from '../../lib/compress/index.js';
import { initParams, type Conv2dLayer, type LayerSpec, type Model } from '../../lib/nn/index.js';
import { checkTrainConfig } from '../train/common.js';
import { compressSchema, configured, readInputs, reportCompressed, type CompressTrainConfig, retrain } from './common.js';

export interface CompactConfig extends CompressTrainConfig {
  init: 'svd' | 'random';
  epochs: number;
}

const spatial = (l: LayerSpec): l is Conv2dLayer => l.type === 'conv2d' && l.kernel[0] * l.kernel[1] > 1;

export const compactPlugin = definePlugin<CompactConfig, Model>({
  id: 'compress/compact',
  version: '1.0.0',
  kind: 'compress',
  description: 'Compact filters: k×k convolutions replaced by depthwise-separable ones, then trained',
  configSchema: compressSchema({ init: { enum: ['svd', 'random'], default: 'svd' } }, { name: 'epochs', default: 3 }, 0.005),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'for training and accuracy' } },
  output: 'Model',
  check: (c) => checkTrainConfig({ ...c, epochs: 1 }),
  async run(ctx, inputs, c) {
    const { model, ds } = readInputs(ctx, inputs);
    if (c.epochs > 0 && !ds) ctx.configError(['epochs'], 'training needs a Dataset input', 'add a data stage before, or set epochs: 0');
    const targets = configured(ctx, () => selectLayers(model.arch, c.layers, spatial, 'conv2d (kernel larger than 1×1)'), ['layers']);
    const reference = compressionOf(model).referenceBytes;
    let out = model;
    for (const t of [...targets].reverse()) {
      const r = separableConv(out.arch, t.layer, out.params[t.kernel]!, out.params[`${t.layer.name}/bias`]);
      if (c.init === 'random') {
        const fresh = initParams({ ...out.arch, layers: out.arch.layers.flatMap((l) => (l === t.layer ? r.layers : [l])) }, ctx.rng.fork(t.layer.name));
        for (const k of Object.keys(r.params)) if (k.endsWith('/kernel')) r.params[k] = fresh[k]!;
      }
      out = replaceLayer(out, out.arch.layers.indexOf(t.layer), r);
      ctx.log(`${t.layer.name} → ${r.layers.map((x) => ('name' in x ? x.name : x.type)).join(' → ')}`);
    }
    const extra: Record<string, number> = {};
    if (c.epochs > 0 && ds) {
      extra.accuracy_before_training = (await reportCompressed(ctx, out, ds, { timing: false })).accuracy!;
      out = await retrain(ctx, out, ds, c, c.epochs);
    }
    const meta = compressionOf(out);
    meta.referenceBytes = reference;
    if (c.epochs > 0) Object.assign(meta, { codebooks: {}, quant: {}, activations: {} });
    meta.steps.push('compact');
    out = withCompression(out, meta);
    const metrics = await reportCompressed(ctx, out, ds, { extra, ...(c.export ? { exportPath: c.export } : {}) });
    return { output: out, result: metrics };
  },
  docs: 'Depthwise-separable replacement of k×k convolutions, SVD-initialised, then trained. See docs/plugins/compress-compact.md.',
});
