/**
 * `compress quantize { bits: 8, scheme: symmetric, granularity: channel, calibration: 256, qat: 0 }`:
 * post-training quantisation of the weights (or quantisation-aware training for `qat` epochs,
 * straight-through estimator, then the same final quantisation), activation ranges calibrated on
 * training examples, and evaluation on the integer path (int8 codes, int32 accumulator) when
 * every dense/conv2d layer is quantised to ≤ 8 bits; otherwise on the dequantised weights.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import {
  calibrateActivations,
  compressionOf,
  fakeQuantParametrisation,
  GRANULARITIES,
  isWeighted,
  QUANT_SCHEMES,
  quantizeModel,
  selectLayers,
  withActivationRanges,
  withCompression,
  type Granularity,
  type QuantScheme,
} from '../../lib/compress/index.js';
import { rowSize } from '../../lib/data/index.js';
import { trainableParamNames, type Model } from '../../lib/nn/index.js';
import { checkTrainConfig } from '../train/common.js';
import { bitsOption, compressSchema, configured, integerModel, readInputs, reportCompressed, trainStage, type CompressTrainConfig } from './common.js';

export interface QuantizeConfig extends CompressTrainConfig {
  bits: number;
  scheme: QuantScheme;
  granularity: Granularity;
  activation_bits: number;
  calibration: number;
  qat: number;
}

function issues(c: QuantizeConfig): ConfigIssue[] {
  const out = checkTrainConfig({ ...c, epochs: 1 });
  if (c.scheme === 'symmetric' && c.bits < 2) out.push({ path: ['bits'], message: 'symmetric quantisation needs at least 2 bits (1 bit leaves only the level 0)', hint: 'use scheme: asymmetric for 1 bit' });
  return out;
}

export const quantizePlugin = definePlugin<QuantizeConfig, Model>({
  id: 'compress/quantize',
  version: '1.0.0',
  kind: 'compress',
  description: 'Uniform quantisation of the weights (post-training or QAT), calibrated activations, integer inference',
  configSchema: compressSchema(
    {
      bits: { ...bitsOption(8), description: 'bits per weight' },
      scheme: { enum: [...QUANT_SCHEMES], default: 'symmetric' },
      granularity: { enum: [...GRANULARITIES], default: 'channel', description: 'one scale per tensor or per output channel' },
      activation_bits: { type: 'integer', minimum: 2, maximum: 16, default: 8 },
      calibration: { type: 'integer', minimum: 1, default: 256, description: 'training examples that fix the activation ranges' },
    },
    { name: 'qat', default: 0 },
    0.005,
  ),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'calibration, QAT and accuracy' } },
  output: 'Model',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const { model, ds } = readInputs(ctx, inputs);
    if (c.qat > 0 && !ds) ctx.configError(['qat'], 'quantisation-aware training needs a Dataset input', 'add a data stage before, or set qat: 0');
    const layers = configured(ctx, () => selectLayers(model.arch, c.layers, isWeighted, 'dense, conv2d or depthwise_conv2d'), ['layers']);
    const targets = layers.map((t) => ({ name: t.kernel, bits: c.bits, scheme: c.scheme, granularity: c.granularity }));
    let source = model;
    const extra: Record<string, number> = {};
    if (c.qat > 0 && ds) {
      const p = fakeQuantParametrisation(model, targets, trainableParamNames(model.arch));
      try {
        await trainStage(ctx, c, model, ds, p, c.qat);
        source = { ...model, params: await p.read() };
      } finally {
        p.dispose();
      }
    }
    const q = quantizeModel(source, targets);
    let out = q.model;
    for (const [name, e] of Object.entries(q.maxError)) extra[`max_weight_error/${name.split('/')[0]}`] = e;
    if (ds) {
      const train = ds.splits.train!;
      const n = Math.min(c.calibration, train.n);
      out = withActivationRanges(out, await calibrateActivations(out, train.x.subarray(0, n * rowSize(ds.inputShape)), n), c.activation_bits);
      const int = integerModel(out);
      if (typeof int === 'string') ctx.warn(`evaluating on dequantised float weights: ${int}`);
    }
    const meta = compressionOf(out);
    meta.steps.push(c.qat > 0 ? 'qat' : 'quantize');
    out = withCompression(out, meta);
    ctx.log(`${targets.length} kernels to ${c.bits} bits (${c.scheme}, per ${c.granularity})${c.qat ? `, ${c.qat} QAT epochs` : ''}`);
    const metrics = await reportCompressed(ctx, out, ds, { extra, ...(c.export ? { exportPath: c.export } : {}) });
    return { output: out, result: metrics };
  },
  docs: 'Post-training quantisation or QAT (straight-through estimator); int8 inference with an int32 accumulator. See docs/plugins/compress-quantize.md.',
});
