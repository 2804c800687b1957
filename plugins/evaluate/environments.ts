/**
 * `evaluate environments {}` → Metrics: a classifier's accuracy per split and environment, with
 * the names the feature-sieve scripts read from every branch alike (`train_accuracy`,
 * `test_accuracy`, `accuracy_env0.1`, ..., `color_kept_accuracy`, `color_flipped_accuracy`).
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin } from '../../kernel/plugin.js';
import { checkDataset, type TensorDataset } from '../../lib/data/index.js';
import { paramsToTensors, type Model } from '../../lib/nn/index.js';
import { environmentMetrics } from '../../lib/sieve/index.js';
import { checkFit } from '../train/common.js';
import type { MetricsArtifact } from './report.js';

export interface EnvironmentsConfig {
  batch: number;
  out?: string;
}

export const environmentsPlugin = definePlugin<EnvironmentsConfig, MetricsArtifact>({
  id: 'evaluate/environments',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Accuracy on train, test and each environment, and the colour-reliance probe (test images with channels swapped)',
  configSchema: {
    type: 'object',
    properties: {
      batch: { type: 'integer', minimum: 1, default: 500 },
      out: { type: 'string', minLength: 1, description: 'also write the run’s HTML report here' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const model = inputs.model as Model;
    const ds = inputs.data as TensorDataset;
    checkDataset(ds);
    checkFit(model, ds);
    const params = paramsToTensors(model.params);
    let values: Record<string, number>;
    try {
      values = await environmentMetrics(model.arch, params, ds, c.batch);
    } finally {
      tf.dispose(Object.values(params));
    }
    for (const [k, v] of Object.entries(values)) ctx.metric(k, v);
    if (c.out) ctx.requestReport(c.out);
    return { output: { split: 'test', values }, result: { metrics: values } };
  },
  docs: 'Per-environment accuracy of a classifier and how much it relies on colour. See docs/techniques/feature-sieve.md.',
});
