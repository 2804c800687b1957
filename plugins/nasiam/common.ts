/**
 * What the NASiam stages share: the options of a siamese training run (backbone widths, head
 * width, augmentations, steps), their semantic checks, the `Model.siamese` artifact, and the
 * run itself with its metrics (loss, α-loss, the embedding_std collapse monitor).
 */
import type { ConfigIssue, PluginContext } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import type { ParamArrays } from '../../lib/nn/model.js';
import {
  AUGMENTATIONS,
  CANDIDATES,
  imageShape,
  isCandidate,
  trainSiamese,
  type Augmentation,
  type Candidate,
  type HeadArchitecture,
  type SiameseSpec,
} from '../../lib/nasiam/index.js';

export interface SiameseArtifact {
  kind: 'siamese';
  inputShape: number[];
  spec: SiameseSpec;
  architecture: HeadArchitecture;
  weights: ParamArrays;
  alphas: Record<string, number[]>;
}

export interface SiameseRunConfig {
  /** Hidden widths of the MLP backbone; the last one must equal `dim`. */
  backbone: number[];
  dim: number;
  augment: Augmentation[];
  steps: number;
  batch: number;
  weight_lr: number;
  train: number;
  monitor_every: number;
}

export const siameseRunSchema = {
  backbone: { type: 'array', items: positiveInt, minItems: 1, default: [64] },
  dim: { ...positiveInt, default: 64 },
  augment: { type: 'array', items: { type: 'string', enum: [...AUGMENTATIONS] }, default: ['crop', 'noise'] },
  steps: { ...positiveInt, default: 200 },
  batch: { ...positiveInt, default: 64 },
  weight_lr: { ...positiveNumber, default: 0.05 },
  train: { ...positiveInt, default: 2000, description: 'unlabelled train rows used (labels are ignored)' },
  monitor_every: { ...positiveInt, default: 10 },
} as const;

export function backboneIssues(c: SiameseRunConfig): ConfigIssue[] {
  const last = c.backbone.length - 1;
  if (c.backbone[last] === c.dim) return [];
  return [
    {
      path: ['backbone', last],
      message: `the backbone outputs ${c.backbone[last]} features but the projector takes dim = ${c.dim}`,
      hint: `end the backbone with ${c.dim}, or set dim: ${c.backbone[last]}`,
    },
  ];
}

export function layerIssues(key: string, n: number): ConfigIssue[] {
  return n >= 1 ? [] : [{ path: [key], message: `${key} must be at least 1 (a head needs a layer), got ${n}` }];
}

export function candidateIssues(key: string, names: string[]): ConfigIssue[] {
  return names.flatMap((s, i) =>
    isCandidate(s) ? [] : [{ path: [key, i], message: `unknown candidate operation '${s}'; valid ones: ${CANDIDATES.join(', ')}` }],
  );
}

/** Trains (arch given) or searches (arch undefined) on the dataset's train rows. */
export async function runSiamese(
  ctx: PluginContext,
  data: TensorDataset,
  c: SiameseRunConfig,
  head: { projectorLayers: number; predictorLayers: number; candidates: Candidate[]; alphaLr: number; arch?: HeadArchitecture },
): Promise<SiameseArtifact> {
  const shape = imageShape(data.inputShape);
  if (!shape) ctx.configError(['augment'], `input shape [${data.inputShape.join(', ')}] is not an image`);
  const rowLen = shape[0] * shape[1] * shape[2];
  const n = Math.min(c.train, data.splits.train.n);
  const spec: SiameseSpec = {
    backbone: [rowLen, ...c.backbone],
    projectorLayers: head.projectorLayers,
    predictorLayers: head.predictorLayers,
    candidates: head.candidates,
  };
  const out = await trainSiamese({
    spec,
    arch: head.arch,
    x: data.splits.train.x.subarray(0, n * rowLen),
    n,
    imageShape: shape,
    augment: c.augment,
    steps: c.steps,
    batch: c.batch,
    weightLr: c.weight_lr,
    alphaLr: head.alphaLr,
    rng: ctx.rng.fork('train'),
    monitorEvery: c.monitor_every,
    throwIfAborted: () => ctx.throwIfAborted(),
    onStep: (s, m) => {
      ctx.metric('loss', m.loss, s);
      if (m.archLoss !== undefined) ctx.metric('alpha_loss', m.archLoss, s);
      if (m.embeddingStd !== undefined) ctx.metric('embedding_std', m.embeddingStd, s);
      ctx.progress({ done: s + 1, total: c.steps, unit: 'step', loss: m.loss });
    },
  });
  return { kind: 'siamese', inputShape: data.inputShape, ...out, spec };
}
