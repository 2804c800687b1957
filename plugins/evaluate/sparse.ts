/**
 * `evaluate sparse { export: "out/model.pws" }` → Metrics: accuracy computed from the
 * compressed form (CSR kernels, lib/sparse's wasm SIMD product, plain JS where WebAssembly SIMD
 * is missing), the model's sparsity
 * statistics, the time per batch of the sparse path against the dense tfjs forward on the same
 * data, and optionally the sparse model file (its size reflects the nonzeros).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { definePlugin } from '../../kernel/plugin.js';
import { checkDataset, rowSize, type TensorDataset } from '../../lib/data/index.js';
import { checkModel, forward, paramsToTensors, type Model } from '../../lib/nn/index.js';
import {
  encodeSparseModel,
  prepareSparseModel,
  prunedParamEfficiency,
  sparseForward,
  sparsityStats,
  spmmKernel,
  statsMetrics,
  toSparseModel,
  UnsupportedLayerError,
  type SparseModel,
} from '../../lib/sparse/index.js';
import type { MetricsArtifact } from './report.js';

export interface SparseEvalConfig {
  split: string;
  batch: number;
  export?: string;
}

function argmaxRows(logits: Float32Array, rows: number, k: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[r * k + j]! > logits[r * k + best]!) best = j;
    out[r] = best;
  }
  return out;
}

async function timeDense(model: Model, x: Float32Array, batch: number, d: number): Promise<number> {
  const params = paramsToTensors(model.params);
  try {
    const started = performance.now();
    for (let s = 0; s < x.length / d; s += batch) {
      const n = Math.min(batch, x.length / d - s);
      const y = tf.tidy(() => forward(model.arch, params, tf.tensor(x.subarray(s * d, (s + n) * d), [n, d]), { training: false }));
      await y.data();
      y.dispose();
    }
    return performance.now() - started;
  } finally {
    tf.dispose(Object.values(params));
  }
}

export const sparseEvalPlugin = definePlugin<SparseEvalConfig, MetricsArtifact>({
  id: 'evaluate/sparse',
  version: '1.1.0',
  kind: 'evaluate',
  description: 'Accuracy from the compressed sparse (CSR) model, sparsity statistics, sparse vs dense inference time, sparse model export',
  configSchema: {
    type: 'object',
    properties: {
      split: { type: 'string', default: 'test' },
      batch: { type: 'integer', minimum: 1, default: 64 },
      export: { type: 'string', minLength: 1, description: 'write the sparse model file (.pws) here' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const model = inputs.model as Model;
    const ds = inputs.data as TensorDataset;
    checkModel(model);
    checkDataset(ds);
    const split = ds.splits[c.split];
    if (!split) ctx.configError(['split'], `the data has no split '${c.split}'`, `one of ${Object.keys(ds.splits).join(', ')}`);
    let sm: SparseModel;
    try {
      sm = toSparseModel(model);
    } catch (e) {
      if (e instanceof UnsupportedLayerError) ctx.configError([], e.message, 'use evaluate report for this model');
      throw e;
    }
    const d = rowSize(ds.inputShape);
    // The one-time copy of the weights into the kernel is not per-batch work: done untimed,
    // as the dense side converts its parameters to tensors before its clock starts.
    prepareSparseModel(sm);
    ctx.log(`sparse inference kernel: ${spmmKernel()}`);
    const started = performance.now();
    let correct = 0;
    for (let s = 0; s < split.n; s += c.batch) {
      ctx.throwIfAborted();
      const n = Math.min(c.batch, split.n - s);
      const pred = argmaxRows(sparseForward(sm, split.x.subarray(s * d, (s + n) * d), n), n, ds.numClasses);
      for (let i = 0; i < n; i++) if (pred[i] === split.y[s + i]) correct++;
    }
    const sparseMs = performance.now() - started;
    const denseMs = await timeDense(model, split.x, c.batch, d);
    const stats = sparsityStats(model);
    const values: Record<string, number> = {
      accuracy: correct / split.n,
      ...statsMetrics(stats),
      sparse_ms_per_batch: sparseMs / Math.ceil(split.n / c.batch),
      dense_ms_per_batch: denseMs / Math.ceil(split.n / c.batch),
      inference_speedup: denseMs / sparseMs,
    };
    const dense = model.meta?.metrics?.dense_accuracy;
    if (dense) values.pruned_param_efficiency = prunedParamEfficiency(values.accuracy!, dense, stats);
    if (c.export) {
      const path = ctx.resolvePath(c.export);
      const bytes = encodeSparseModel(sm);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      values.file_bytes = bytes.length;
      values.dense_bytes = stats.paramsTotal * 4;
      ctx.artifact(path, `sparse model, ${bytes.length} bytes (dense float32: ${stats.paramsTotal * 4})`);
    }
    for (const [k, v] of Object.entries(values)) ctx.metric(k, v);
    return { output: { split: c.split, values }, result: { split: c.split, metrics: values } };
  },
  docs: 'Evaluates the model from its CSR form and exports it. See docs/plugins/evaluate-sparse.md.',
});
