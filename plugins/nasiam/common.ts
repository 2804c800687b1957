/**
 * What the NASiam stages share: the `Dataset.pairs` and `Model.siamese` artifacts, the backbone
 * (an upstream `model convnet` stage, or the same options inline), the semantic checks (head
 * depth, candidate names, backbone width against the head width), and the siamese training run
 * with its metrics (loss, α-loss, the embedding_std collapse monitor) and figures.
 */
import type { ConfigIssue, PluginContext } from '../../kernel/plugin.js';
import { createRng } from '../../kernel/rng.js';
import { positiveInt } from '../../kernel/schema.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import {
  AUGMENTATIONS,
  CANDIDATES,
  convnetSpec,
  isCandidate,
  trainSiamese,
  type AlphaHistory,
  type Augmentation,
  type HeadArchitecture,
  type SiameseSpec,
  type SiameseTrainResult,
} from '../../lib/nasiam/index.js';
import { initModel, outputSize, type Model, type ParamArrays } from '../../lib/nn/index.js';
import { lineChart } from '../../lib/plot/index.js';

/** `data augmented_pairs`: a labelled image dataset plus the seeded recipe of its two views. */
export interface PairsDataset extends TensorDataset {
  pairs: { augment: Augmentation[]; shift: number; noise: number; brightness: number; erase: number; seed: number };
}

export interface SiameseArtifact {
  kind: 'siamese';
  spec: SiameseSpec;
  architecture: HeadArchitecture;
  backbone: ParamArrays;
  head: ParamArrays;
  /** Learned α per mixed layer (search only). */
  alphas: Record<string, number[]>;
  /** Epochs of SimSiam training so far (0: freshly initialised). */
  epochs: number;
  /** The collapse monitor at the end of training (NaN before any). */
  embeddingStd: number;
}

export interface ConvnetOptions {
  channels: number[];
  kernel: number;
}

export const convnetSchema = {
  channels: { type: 'array', items: positiveInt, minItems: 1, default: [16, 32], description: 'filters of each conv-BN-relu-pool block' },
  kernel: { ...positiveInt, default: 3 },
} as const;

/** The inline `backbone: { channels, kernel }` option (the same options as `model convnet`). */
export const backboneOptionSchema = {
  type: 'object',
  properties: { channels: convnetSchema.channels, kernel: convnetSchema.kernel },
  additionalProperties: false,
  description: 'a conv backbone given inline; leave out to take an upstream `model convnet` stage',
} as const;

export const dimSchema = { ...positiveInt, description: 'head width; must equal the backbone output width (defaults to it)' } as const;

export function augmentIssues(names: string[]): ConfigIssue[] {
  const valid = AUGMENTATIONS as readonly string[];
  return names.flatMap((s, i) =>
    valid.includes(s) ? [] : [{ path: ['augment', i], message: `unknown augmentation '${s}'; valid ones: ${AUGMENTATIONS.join(', ')}` }],
  );
}

export function layerIssues(key: string, n: number): ConfigIssue[] {
  return n >= 1 ? [] : [{ path: [key], message: `${key} must be at least 1 (a head needs a layer), got ${n}` }];
}

export function candidateIssues(key: string, names: string[]): ConfigIssue[] {
  return names.flatMap((s, i) =>
    isCandidate(s) ? [] : [{ path: [key, i], message: `unknown candidate operation '${s}'; valid ones: ${CANDIDATES.join(', ')}` }],
  );
}

function widthIssue(width: number, dim: number | undefined, at: (string | number)[]): ConfigIssue[] {
  if (dim === undefined || dim === width) return [];
  return [
    {
      path: at,
      message: `the backbone outputs ${width} features but the projector takes dim = ${dim}`,
      hint: `end the backbone with ${dim} channels, or set dim: ${width}`,
    },
  ];
}

/** Static width check of an inline backbone (its output width is its last channel count). */
export function backboneIssues(c: { backbone?: ConvnetOptions; dim?: number }): ConfigIssue[] {
  if (!c.backbone) return [];
  const last = c.backbone.channels.length - 1;
  return widthIssue(c.backbone.channels[last]!, c.dim, ['backbone', 'channels', last]);
}

/**
 * The backbone of a siamese stage: the upstream `Model.backbone` or the inline option (freshly
 * initialised from this stage's seed), never both; its width checked against `dim`.
 */
export function resolveBackbone(
  ctx: PluginContext,
  upstream: Model | undefined,
  c: { backbone?: ConvnetOptions; dim?: number },
  data: TensorDataset | undefined,
): Model {
  if (upstream && c.backbone) {
    ctx.configError(['backbone'], 'two backbones: an upstream model convnet stage and the backbone option', 'drop the option, or take the stage out of `from`');
  }
  let model = upstream;
  if (!model) {
    if (!c.backbone) ctx.configError([], 'no backbone: add a `model convnet` stage before this one, or a backbone: { channels: [...] } option');
    if (!data) ctx.configError(['backbone'], 'an inline backbone needs a Dataset input to size itself');
    if (data.inputShape.length !== 3) ctx.configError(['backbone'], `the backbone is a conv net; the data is shaped [${data.inputShape.join(', ')}], not [height, width, channels]`);
    model = initModel(convnetSpec({ inputShape: data.inputShape, ...c.backbone }), ctx.rng.fork('backbone'));
  }
  const width = outputSize(model.arch);
  const issue = widthIssue(width, c.dim, ['dim'])[0];
  if (issue) ctx.configError(issue.path, issue.message, issue.hint);
  return model;
}

export function pairsInput(ctx: PluginContext, data: unknown): PairsDataset {
  const ds = data as PairsDataset | undefined;
  if (!ds?.pairs) ctx.configError([], 'this stage trains on augmented pairs: feed it a `data augmented_pairs` stage');
  return ds;
}

export interface SiameseRunOptions {
  epochs: number;
  batch: number;
  weightLr: number;
  alphaLr: number;
  /** Unlabelled train rows used. */
  rows: number;
  monitorEvery: number;
  arch?: HeadArchitecture;
  init: { backbone: ParamArrays; head: ParamArrays; alphas: ParamArrays };
}

/** Runs a search (no arch) or a SimSiam training (arch) on the pairs' train rows, recording metrics. */
export async function runSiamese(ctx: PluginContext, data: PairsDataset, spec: SiameseSpec, o: SiameseRunOptions): Promise<SiameseTrainResult> {
  const shape = data.inputShape as [number, number, number];
  const rowLen = shape[0] * shape[1] * shape[2];
  const n = Math.min(o.rows, data.splits.train.n);
  const { seed, augment, ...amounts } = data.pairs;
  const stds: [number, number][] = [];
  const out = await trainSiamese({
    spec,
    arch: o.arch,
    init: o.init,
    x: data.splits.train.x.subarray(0, n * rowLen),
    n,
    augment: { ops: augment, shape, ...amounts },
    viewRng: createRng(seed, 'views'),
    epochs: o.epochs,
    batch: o.batch,
    weightLr: o.weightLr,
    alphaLr: o.alphaLr,
    rng: ctx.rng.fork('train'),
    monitorEvery: o.monitorEvery,
    throwIfAborted: () => ctx.throwIfAborted(),
    onStep: (s, total, m) => {
      ctx.metric('loss', m.loss, s);
      if (m.archLoss !== undefined) ctx.metric('alpha_loss', m.archLoss, s);
      if (m.embeddingStd !== undefined) {
        ctx.metric('embedding_std', m.embeddingStd, s);
        stds.push([s, m.embeddingStd]);
      }
      ctx.progress({ done: s + 1, total, unit: 'step', loss: m.loss });
    },
  });
  const d = outputSize(spec.backbone);
  ctx.figure(
    'Collapse monitor: std of the ℓ2-normalised projections',
    lineChart(
      [
        { name: 'embedding_std', x: stds.map((p) => p[0]), y: stds.map((p) => p[1]) },
        { name: `1/√d (d = ${d}), healthy`, x: [0, stds.at(-1)?.[0] ?? 0], y: [1 / Math.sqrt(d), 1 / Math.sqrt(d)], dashed: true },
      ],
      { xLabel: 'step', yLabel: 'mean per-dimension std' },
    ),
  );
  return out;
}

/** One chart per mixed layer: softmax(α) of each candidate against the step. */
export function alphaFigures(ctx: PluginContext, history: AlphaHistory, candidates: string[]): void {
  for (const [layer, rows] of Object.entries(history.weights)) {
    const series = candidates.map((c, k) => ({ name: c, x: history.steps, y: rows.map((r) => r[k]!) }));
    ctx.figure(`α evolution, ${layer}: softmax weight per candidate`, lineChart(series, { xLabel: 'step', yLabel: 'softmax(α)' }));
  }
}
