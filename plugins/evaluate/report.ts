/**
 * `evaluate report { metrics: [accuracy, loss], split: test, out: "reports/x.html" }` → Metrics.
 * Computes what it can from its inputs (a Model and a Dataset, both optional: a report over
 * stages without a network has neither), takes other named metrics from the model's
 * `meta.metrics` (written by earlier stages, e.g. verified_accuracy), and asks the kernel
 * for the HTML report when `out` is set.
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { checkDataset, type TensorDataset } from '../../lib/data/index.js';
import {
  checkModel,
  countParams,
  evaluateClassifier,
  paramsToTensors,
  trainableParamNames,
  zeroFraction,
  type Model,
} from '../../lib/nn/index.js';

export interface ReportConfig {
  metrics: string[];
  split: string;
  out?: string;
  batch: number;
}

/** The `Metrics` artifact. */
export interface MetricsArtifact {
  split?: string;
  values: Record<string, number>;
  perClassAccuracy?: number[];
}

const NEEDS_DATA = new Set(['accuracy', 'loss', 'error']);

export const reportPlugin = definePlugin<ReportConfig, MetricsArtifact>({
  id: 'evaluate/report',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Accuracy, loss and model statistics on a split; writes the HTML report when out is set',
  configSchema: {
    type: 'object',
    properties: {
      metrics: { type: 'array', items: { type: 'string' }, default: ['accuracy', 'loss'] },
      split: { type: 'string', default: 'test' },
      out: { type: 'string', minLength: 1 },
      batch: { type: 'integer', minimum: 1, default: 500 },
    },
    additionalProperties: false,
  },
  inputs: {
    model: { type: 'Model', optional: true },
    data: { type: 'Dataset', optional: true },
  },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const model = inputs.model as Model | undefined;
    const ds = inputs.data as TensorDataset | undefined;
    if (model) checkModel(model);
    if (ds) checkDataset(ds);
    const values: Record<string, number> = {};
    const result: Record<string, JsonValue> = {};
    let perClassAccuracy: number[] | undefined;

    if (model && ds && c.metrics.some((m) => NEEDS_DATA.has(m))) {
      const split = ds.splits[c.split];
      if (!split) ctx.configError(['split'], `the data has no split '${c.split}'`, `one of ${Object.keys(ds.splits).join(', ')}`);
      const params = paramsToTensors(model.params);
      try {
        const m = await evaluateClassifier(model.arch, params, split, ds.numClasses, c.batch);
        Object.assign(values, { accuracy: m.accuracy, loss: m.loss, error: 1 - m.accuracy });
        perClassAccuracy = m.perClassAccuracy;
        const names = ds.classNames ?? m.perClassAccuracy.map((_, i) => String(i));
        result.perClassAccuracy = Object.fromEntries(names.map((n, i) => [n, m.perClassAccuracy[i]!]));
      } finally {
        tf.dispose(Object.values(params));
      }
    }
    if (model) {
      values.params = countParams(model);
      const kernels = trainableParamNames(model.arch).filter((n) => n.endsWith('/kernel'));
      values.sparsity = zeroFraction(model.params, kernels);
    }

    const reported: Record<string, number> = {};
    for (const name of c.metrics) {
      const v = values[name] ?? model?.meta?.metrics?.[name];
      if (v === undefined) {
        const why = NEEDS_DATA.has(name) ? 'it needs a Model and a Dataset input' : 'no input provides it';
        ctx.warn(`metric '${name}' is not available: ${why}`);
        continue;
      }
      reported[name] = v;
      ctx.metric(name, v);
    }
    if (c.out) ctx.requestReport(c.out);
    const output: MetricsArtifact = {
      values: reported,
      ...(ds ? { split: c.split } : {}),
      ...(perClassAccuracy ? { perClassAccuracy } : {}),
    };
    return { output, result: { ...(ds ? { split: c.split } : {}), metrics: reported, ...result } };
  },
  docs: 'Accuracy/loss/error on a split, params and sparsity of the model, and any metric an earlier stage stored in the model. See docs/plugins/evaluate-report.md.',
});
