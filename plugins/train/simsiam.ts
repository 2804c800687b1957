/**
 * `train simsiam { epochs, lr, batch_size }`: SimSiam training (stop-gradient, symmetric
 * negative cosine, SGD with momentum) of a Model.siamese on a Dataset.pairs, recording the loss
 * and the embedding_std collapse monitor (≈ 1/√d healthy, → 0 at collapse).
 */
import { definePlugin } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import { pairsInput, runSiamese, type SiameseArtifact } from '../nasiam/common.js';

export interface TrainSimsiamConfig {
  epochs: number;
  lr: number;
  batch_size: number;
  train: number;
  monitor_every: number;
}

export const trainSimsiamPlugin = definePlugin<TrainSimsiamConfig, SiameseArtifact>({
  id: 'train/simsiam',
  version: '1.0.0',
  kind: 'train',
  description: 'SimSiam self-supervised training on augmented pairs (labels unused)',
  configSchema: {
    type: 'object',
    properties: {
      epochs: { ...positiveInt, default: 5 },
      lr: { ...positiveNumber, default: 0.05, description: 'SGD (momentum 0.9) learning rate' },
      batch_size: { type: 'integer', minimum: 2, default: 64, description: 'at least 2: batch norm needs a batch' },
      train: { ...positiveInt, default: 4000, description: 'train rows used (labels are ignored)' },
      monitor_every: { ...positiveInt, default: 10, description: 'steps between collapse-monitor readings' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model.siamese' }, data: { type: 'Dataset.pairs' } },
  output: 'Model.siamese',
  async run(ctx, inputs, c) {
    const m = inputs.model as SiameseArtifact;
    const data = pairsInput(ctx, inputs.data);
    const out = await runSiamese(ctx, data, m.spec, {
      epochs: c.epochs,
      batch: c.batch_size,
      weightLr: c.lr,
      alphaLr: 0,
      rows: c.train,
      monitorEvery: c.monitor_every,
      arch: m.architecture,
      init: { backbone: m.backbone, head: m.head, alphas: {} },
    });
    ctx.log(`simsiam: ${c.epochs} epochs, embedding_std ${out.embeddingStd.toFixed(4)}`);
    const output: SiameseArtifact = { ...m, backbone: out.backbone, head: out.head, epochs: m.epochs + c.epochs, embeddingStd: out.embeddingStd };
    return { output, result: { architecture: { projector: m.architecture.projector, predictor: m.architecture.predictor }, embedding_std: out.embeddingStd } };
  },
  docs: 'See docs/plugins/train-simsiam.md and docs/techniques/nasiam.md.',
});
