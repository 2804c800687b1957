/**
 * `evaluate linear_probe`: freezes a siamese model's backbone (batch norm on its running
 * statistics) and reports how linearly (and k-NN) separable its features are on labelled data:
 * `linear_probe_accuracy`, `knn_accuracy`; `embedding_std` is the model's collapse monitor.
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import { rowSize, type TensorDataset } from '../../lib/data/dataset.js';
import { features, knnAccuracy, linearProbe } from '../../lib/nasiam/index.js';
import type { SiameseArtifact } from '../nasiam/common.js';

export interface LinearProbeConfig {
  train: number;
  test: number;
  epochs: number;
  batch: number;
  lr: number;
  k: number;
}

export const linearProbePlugin = definePlugin<LinearProbeConfig, Record<string, number>>({
  id: 'evaluate/linear_probe',
  version: '1.1.0',
  kind: 'evaluate',
  description: 'linear-probe and kNN accuracy of a frozen siamese backbone',
  configSchema: {
    type: 'object',
    properties: {
      train: { ...positiveInt, default: 2000 },
      test: { ...positiveInt, default: 1000 },
      epochs: { ...positiveInt, default: 20 },
      batch: { ...positiveInt, default: 128 },
      lr: { ...positiveNumber, default: 1e-2 },
      k: { ...positiveInt, default: 20 },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model.siamese' }, data: { type: 'Dataset' } },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const m = inputs.model as SiameseArtifact;
    const data = inputs.data as TensorDataset;
    const rowLen = rowSize(data.inputShape);
    const want = rowSize(m.spec.backbone.inputShape);
    if (rowLen !== want) ctx.configError([], `the model takes ${want} inputs, the data has ${rowLen} per example`);
    const take = (s: 'train' | 'test', n: number) => {
      const split = data.splits[s];
      const k = Math.min(n, split.n);
      return { x: split.x.subarray(0, k * rowLen), y: split.y.subarray(0, k), n: k };
    };
    const tr = take('train', c.train);
    const te = take('test', c.test);
    const fTr = features(m.spec.backbone, m.backbone, tr, rowLen);
    const fTe = features(m.spec.backbone, m.backbone, te, rowLen);
    try {
      const lin = await linearProbe(fTr, tr.y, fTe, te.y, { numClasses: data.numClasses, epochs: c.epochs, batch: c.batch, lr: c.lr, rng: ctx.rng.fork('probe') });
      const knn = await knnAccuracy(fTr, tr.y, fTe, te.y, c.k, data.numClasses);
      ctx.metric('linear_probe_accuracy', lin);
      ctx.metric('knn_accuracy', knn);
      // Carried over from training, so one stage's summary in run:end holds both read-outs.
      ctx.metric('embedding_std', m.embeddingStd);
      ctx.log(`linear probe ${(100 * lin).toFixed(1)}%, ${c.k}-NN ${(100 * knn).toFixed(1)}%, embedding_std ${m.embeddingStd.toFixed(4)}`);
      const out = { linear_probe_accuracy: lin, knn_accuracy: knn, embedding_std: m.embeddingStd };
      return { output: out, result: out };
    } finally {
      tf.dispose([fTr, fTe]);
    }
  },
});
