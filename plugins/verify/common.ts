/**
 * What `verify ibp` and `verify crown` share: the options (eps, norm, domain, samples, split,
 * the PGD attack), reading and checking the Model and Dataset, turning the bound library's
 * refusals into diagnostics at the stage, and reporting: metrics, the per-example result, a
 * figure of clean vs attacked vs certified accuracy, and the numbers in the model's meta for a
 * later `evaluate report`. The model passes through unchanged otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConfigIssue, JsonSchema, JsonValue, PluginContext, StageResult } from '../../kernel/plugin.js';
import { takeRows, rowSize, type TensorDataset } from '../../lib/data/index.js';
import { certify, checkBoundable, InputDomainError, UnsupportedLayerError, type BoundMethod, type CertifyResult, type Domain } from '../../lib/bounds/index.js';
import { paramsToTensors, type Model } from '../../lib/nn/index.js';
import { barChart } from '../../lib/plot/index.js';
import { checkFit } from '../train/common.js';

export interface VerifyConfig {
  eps: number;
  norm: 'linf';
  domain: [number, number];
  samples: number;
  split: string;
  batch: number;
  pgd_steps: number;
  pgd_restarts: number;
  /** crown only */
  intermediate?: 'crown' | 'ibp';
}

export function verifySchema(method: BoundMethod): JsonSchema {
  return {
    type: 'object',
    properties: {
      eps: { type: 'number', minimum: 0, default: 0.1, description: 'radius of the L∞ ball around each input' },
      norm: { enum: ['linf'], default: 'linf', description: 'only the L∞ ball is supported' },
      domain: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, default: [0, 1], description: 'the input range the ball is clipped to' },
      samples: { type: 'integer', minimum: 1, default: 1000, description: 'examples of the split to verify (the first ones)' },
      split: { type: 'string', default: 'test' },
      batch: { type: 'integer', minimum: 1, default: method === 'crown' ? 50 : 500 },
      pgd_steps: { type: 'integer', minimum: 0, default: 20, description: 'PGD attack steps; 0 skips the attack' },
      pgd_restarts: { type: 'integer', minimum: 1, default: 1 },
      ...(method === 'crown'
        ? { intermediate: { enum: ['crown', 'ibp'], default: 'crown', description: 'bounds of the relu inputs: CROWN per neuron, or IBP (CROWN-IBP)' } }
        : {}),
    },
    additionalProperties: false,
  };
}

export function checkVerifyConfig(c: VerifyConfig): ConfigIssue[] {
  const [lo, hi] = c.domain ?? [0, 1];
  return lo < hi ? [] : [{ path: ['domain'], message: `the domain [${lo}, ${hi}] is empty`, hint: 'write [low, high] with low < high, e.g. [0, 1]' }];
}

/** Turns the bound library's refusals into diagnostics; rethrows anything else. */
export function boundsFailure(ctx: PluginContext, e: unknown): never {
  if (e instanceof UnsupportedLayerError) ctx.configError([], `the model cannot be verified: ${e.message}`, e.hint);
  if (e instanceof InputDomainError) {
    ctx.configError(['domain'], e.message, `set domain: [${e.seen[0]}, ${e.seen[1]}] if that is the data's real range, or scale the inputs`);
  }
  throw e;
}

export interface VerifySettings {
  method: BoundMethod;
  eps: number;
  domain: Domain;
  samples: number;
  split: string;
  batch: number;
  pgdSteps: number;
  pgdRestarts: number;
  intermediate?: 'crown' | 'ibp';
}

/** Metrics named as the report and the docs use them. */
export function verifyMetrics(r: CertifyResult): Record<string, number> {
  const m: Record<string, number> = {
    verified_accuracy: r.verifiedAccuracy,
    clean_accuracy: r.cleanAccuracy,
    mean_bound_width: r.meanBoundWidth,
    verify_seconds: r.boundSeconds,
    verify_samples_per_second: r.n / Math.max(r.boundSeconds, 1e-9),
  };
  if (r.pgdAccuracy !== undefined) m.pgd_accuracy = r.pgdAccuracy;
  return m;
}

/** Verifies `model` on the first `samples` examples of a split; reports progress and the figure. */
export async function verifyModel(ctx: PluginContext, model: Model, ds: TensorDataset, s: VerifySettings): Promise<CertifyResult> {
  checkFit(model, ds);
  const split = ds.splits[s.split];
  if (!split) ctx.configError(['split'], `the data has no split '${s.split}'`, `one of ${Object.keys(ds.splits).join(', ')}`);
  const n = Math.min(s.samples, split.n);
  if (n < s.samples) ctx.warn(`the ${s.split} split has ${split.n} examples; verifying all of them, not ${s.samples}`);
  const rows = n === split.n ? split : takeRows(split, Int32Array.from({ length: n }, (_, i) => i), rowSize(ds.inputShape));
  const params = paramsToTensors(model.params);
  try {
    checkBoundable(model.arch, s.method);
    const r = await certify(model.arch, params, rows, ds.numClasses, {
      eps: s.eps,
      method: s.method,
      domain: s.domain,
      batchSize: s.batch,
      ...(s.intermediate ? { intermediate: s.intermediate } : {}),
      ...(s.pgdSteps > 0 ? { pgd: { steps: s.pgdSteps, restarts: s.pgdRestarts, rng: ctx.rng.fork('pgd') } } : {}),
      signal: ctx.signal,
      onBatch: (done, total) => ctx.progress({ done, total, unit: 'batch', message: `${s.method} eps ${s.eps}` }),
    });
    const bars = [{ label: 'clean', value: r.cleanAccuracy }];
    if (r.pgdAccuracy !== undefined) bars.push({ label: `PGD-${s.pgdSteps} (attacked)`, value: r.pgdAccuracy });
    bars.push({ label: `verified (${s.method.toUpperCase()})`, value: r.verifiedAccuracy });
    ctx.figure(`Accuracy at eps ${s.eps}: clean vs attacked vs certified (${n} examples)`, barChart(bars, { xLabel: 'accuracy' }));
    return r;
  } catch (e) {
    return boundsFailure(ctx, e);
  } finally {
    tf.dispose(Object.values(params));
  }
}

export function settingsOf(c: VerifyConfig, method: BoundMethod): VerifySettings {
  return {
    method,
    eps: c.eps,
    domain: c.domain,
    samples: c.samples,
    split: c.split,
    batch: c.batch,
    pgdSteps: c.pgd_steps,
    pgdRestarts: c.pgd_restarts,
    ...(c.intermediate ? { intermediate: c.intermediate } : {}),
  };
}

export async function runVerify(ctx: PluginContext, inputs: Record<string, unknown>, c: VerifyConfig, method: BoundMethod): Promise<StageResult<Model>> {
  for (const i of checkVerifyConfig(c)) ctx.configError(i.path, i.message, i.hint);
  const model = inputs.model as Model;
  const ds = inputs.data as TensorDataset;
  const r = await verifyModel(ctx, model, ds, settingsOf(c, method));
  const metrics = verifyMetrics(r);
  for (const [k, v] of Object.entries(metrics)) ctx.metric(k, v);
  const out: Model = { ...model, meta: { ...model.meta, metrics: { ...model.meta?.metrics, ...metrics }, verification: { method, eps: c.eps, samples: r.n, split: c.split } } };
  const perExample: Record<string, JsonValue> = {
    certified: Array.from(r.certified),
    correct: Array.from(r.correct),
    margin_lower: Array.from(r.marginLower, (v) => +v.toPrecision(4)),
  };
  if (r.robust) perExample.pgd_robust = Array.from(r.robust);
  return { output: out, result: { method, eps: c.eps, samples: r.n, ...metrics, per_example: perExample } };
}
