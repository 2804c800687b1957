/**
 * `compress lowrank { rank: 32 | energy: 0.9, conv: tucker2 | cp, conv_rank: 8, finetune: 2 }`:
 * each dense layer becomes two (truncated SVD), each k×k convolution a Tucker-2 (1×1 → k×k →
 * 1×1) or CP (1×1 → k×1 → 1×k → 1×1) sequence, then optional fine-tuning. A layer whose
 * factorised form would not be smaller is left as it is (and said so), unless named in `layers`.
 */
import { definePlugin, type ConfigIssue, type Rng } from '../../kernel/plugin.js';
import {
  compressionOf,
  cpConv,
  rankForEnergy,
  replaceLayer,
  selectLayers,
  svd,
  svdDense,
  tuckerConv,
  withCompression,
  type Replacement,
} from '../../lib/compress/index.js';
import { OptionValueError, type Conv2dLayer, type DenseLayer, type LayerSpec, type Model } from '../../lib/nn/index.js';
import { checkTrainConfig } from '../train/common.js';
import { compressSchema, configured, readInputs, reportCompressed, type CompressTrainConfig, retrain } from './common.js';

export interface LowrankConfig extends CompressTrainConfig {
  rank?: number;
  energy: number;
  conv: 'tucker2' | 'cp';
  conv_rank?: number;
  finetune: number;
}

const factorisable = (l: LayerSpec): l is DenseLayer | Conv2dLayer => l.type === 'dense' || (l.type === 'conv2d' && l.kernel[0] * l.kernel[1] > 1);

function issues(c: LowrankConfig): ConfigIssue[] {
  const out = checkTrainConfig({ ...c, epochs: 1 });
  if (c.conv === 'cp' && c.conv_rank === undefined) out.push({ path: ['conv'], message: 'CP needs conv_rank (its rank is not chosen by energy)', hint: 'add conv_rank: 8, or use conv: tucker2' });
  return out;
}

/** Singular values of a conv kernel's channel unfoldings (in [C, rest] and out [F, rest]). */
function channelSpectra(data: Float32Array, [kh, kw, C, F]: number[]): { sIn: number[]; sOut: number[] } {
  const S = kh! * kw!;
  const a = new Float64Array(data.length);
  const b = new Float64Array(data.length);
  for (let s = 0; s < S; s++) {
    for (let c = 0; c < C!; c++) {
      for (let f = 0; f < F!; f++) {
        const v = data[(s * C! + c) * F! + f]!;
        a[c * S * F! + s * F! + f] = v;
        b[f * S * C! + s * C! + c] = v;
      }
    }
  }
  return { sIn: svd(a, C!, S * F!).s, sOut: svd(b, F!, S * C!).s };
}

function plan(model: Model, l: DenseLayer | Conv2dLayer, c: LowrankConfig, ctx: { rng: Rng }): { r: Replacement; rank: number } {
  const kernel = model.params[`${l.name}/kernel`]!;
  const bias = model.params[`${l.name}/bias`];
  if (l.type === 'dense') {
    const [m, n] = kernel.shape as [number, number];
    if (c.rank !== undefined && c.rank > Math.min(m, n)) {
      throw new OptionValueError(`rank ${c.rank} is above min(${m}, ${n}) = ${Math.min(m, n)} of layer '${l.name}'`, ['rank'], `use at most ${Math.min(m, n)}, or list other layers in layers`);
    }
    const rank = c.rank ?? rankForEnergy(svd(kernel.data, m, n).s, c.energy);
    return { r: svdDense(model.arch, l, kernel, bias, rank), rank };
  }
  const [, , C, F] = kernel.shape as [number, number, number, number];
  if (c.conv === 'cp') return { r: cpConv(model.arch, l, kernel, bias, c.conv_rank!, ctx.rng.fork(l.name)), rank: c.conv_rank! };
  if (c.conv_rank !== undefined && c.conv_rank > Math.min(C, F)) {
    throw new OptionValueError(`conv_rank ${c.conv_rank} is above min(${C}, ${F}) = ${Math.min(C, F)} (input and output channels) of layer '${l.name}'`, ['conv_rank'], 'Tucker-2 ranks are bounded by the channel counts; list other layers in layers');
  }
  const spectra = c.conv_rank === undefined ? channelSpectra(kernel.data, kernel.shape) : undefined;
  const r1 = c.conv_rank ?? rankForEnergy(spectra!.sIn, c.energy);
  const r2 = c.conv_rank ?? rankForEnergy(spectra!.sOut, c.energy);
  return { r: tuckerConv(model.arch, l, kernel, bias, r1, r2), rank: Math.max(r1, r2) };
}

const size = (r: Replacement) => Object.values(r.params).reduce((a, p) => a + p.data.length, 0);

export const lowrankPlugin = definePlugin<LowrankConfig, Model>({
  id: 'compress/lowrank',
  version: '1.0.0',
  kind: 'compress',
  description: 'Low-rank factorisation: truncated SVD of dense layers, Tucker-2 or CP of convolutions, then fine-tuning',
  configSchema: compressSchema(
    {
      rank: { type: 'integer', minimum: 1, description: 'rank of every factorised dense layer (default: chosen by energy)' },
      energy: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.9, description: 'fraction of Σ s² kept when no rank is given' },
      conv: { enum: ['tucker2', 'cp'], default: 'tucker2' },
      conv_rank: { type: 'integer', minimum: 1, description: 'Tucker-2 ranks (both) or CP rank of convolutions' },
    },
    { name: 'finetune', default: 0 },
  ),
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'for fine-tuning and accuracy' } },
  output: 'Model',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const { model, ds } = readInputs(ctx, inputs);
    if (c.finetune > 0 && !ds) ctx.configError(['finetune'], 'fine-tuning needs a Dataset input', 'add a data stage before, or set finetune: 0');
    const targets = configured(ctx, () => selectLayers(model.arch, c.layers, factorisable, 'dense or conv2d (kernel larger than 1×1)'), ['layers']);
    const reference = compressionOf(model);
    let out = model;
    const extra: Record<string, number> = {};
    // Last to first: replacing a layer shifts the indices of those after it.
    for (const t of [...targets].reverse()) {
      ctx.throwIfAborted();
      const { r, rank } = configured(ctx, () => plan(out, t.layer, c, ctx));
      const before = Object.entries(out.params).filter(([k]) => k.startsWith(`${t.layer.name}/`)).reduce((a, [, p]) => a + p.data.length, 0);
      if (size(r) >= before && !c.layers) {
        ctx.log(`${t.layer.name}: rank ${rank} would not be smaller (${size(r)} ≥ ${before} parameters); kept`);
        continue;
      }
      out = replaceLayer(out, out.arch.layers.indexOf(t.layer), r);
      extra[`rank/${t.layer.name}`] = rank;
      ctx.log(`${t.layer.name} → ${r.layers.map((x) => ('name' in x ? x.name : x.type)).join(' → ')} (rank ${rank}, ${before} → ${size(r)} parameters)`);
    }
    if (c.finetune > 0 && ds) {
      extra.accuracy_before_finetune = (await reportCompressed(ctx, out, ds, { timing: false })).accuracy!;
      out = await retrain(ctx, out, ds, c, c.finetune);
    }
    const meta = compressionOf(out);
    meta.referenceBytes = reference.referenceBytes;
    // Trained weights have left any codebook or quantisation grid: the model is float again.
    if (c.finetune > 0) Object.assign(meta, { codebooks: {}, quant: {}, activations: {} });
    meta.steps.push('lowrank');
    out = withCompression(out, meta);
    const metrics = await reportCompressed(ctx, out, ds, { extra, ...(c.export ? { exportPath: c.export } : {}) });
    return { output: out, result: metrics };
  },
  docs: 'Truncated SVD (dense) and Tucker-2 / CP (conv) factorisation with optional fine-tuning. See docs/plugins/compress-lowrank.md.',
});
