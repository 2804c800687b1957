/**
 * What every compress stage shares: its training options (those of `train sgd|adam`, reused
 * from plugins/train/common.ts, with the epochs under the stage's own name), reading and checking
 * its inputs, turning lib errors into diagnostics at the option, training through a
 * reparametrisation, and the report every stage ends with: test accuracy, size of the compressed
 * file (written when `export` is set), compression ratio against the dense float32 model,
 * parameters, FLOPs and latency at batch 1 and 64.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { JsonSchema, PluginContext } from '../../kernel/plugin.js';
import { checkDataset, rowSize, type Split, type TensorDataset } from '../../lib/data/index.js';
import {
  evaluateClassifier,
  fit,
  forward,
  paramsToTensors,
  standardLosses,
  trainableParamNames,
  type Model,
  type OptimizerSpec,
  type ParamTensors,
  type ParamVariables,
} from '../../lib/nn/index.js';
import {
  compressionOf,
  crossEntropyOn,
  encodeCompressed,
  intForward,
  IntInferenceError,
  modelCost,
  toIntModel,
  trainDerived,
  type DerivedLoss,
  type Derive,
  type IntModel,
} from '../../lib/compress/index.js';
import { learningRate, trainSchema, type TrainConfig } from '../train/common.js';
export { configured, readInputs } from '../stage-inputs.js';
import { configured } from '../stage-inputs.js';

export interface CompressTrainConfig extends TrainConfig {
  optimizer: 'sgd' | 'adam';
  momentum: number;
  export?: string;
  layers?: string[];
}

export const exportOption: JsonSchema = { type: 'string', minLength: 1, description: 'write the compressed model file (.pwc) here' };
export const layersOption: JsonSchema = { type: 'array', items: { type: 'string' }, minItems: 1, description: 'layers to compress (default: every layer the method handles)' };
export const bitsOption = (dflt: number): JsonSchema => ({ type: 'integer', minimum: 1, maximum: 16, default: dflt });

/** `train sgd`'s options, the optimizer choice, `export`, `layers` and the stage's own; `epochs` renamed. */
export function compressSchema(own: Record<string, JsonSchema>, epochs: { name: string; default: number }, lr = 0.01): JsonSchema {
  const base = trainSchema(standardLosses, lr, {
    optimizer: { enum: ['sgd', 'adam'], default: 'sgd' },
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'sgd only' },
    export: exportOption,
    layers: layersOption,
    ...own,
  }) as { properties: Record<string, JsonSchema> };
  const { epochs: _unused, loss: _loss, ...rest } = base.properties;
  return { ...base, properties: { ...rest, [epochs.name]: { type: 'integer', minimum: 0, default: epochs.default } } };
}

export function optimizerOf(c: CompressTrainConfig): OptimizerSpec {
  return c.optimizer === 'adam' ? { type: 'adam', weightDecay: c.weight_decay } : { type: 'sgd', momentum: c.momentum, weightDecay: c.weight_decay };
}

/** Plain variables for the trainable parameters, constants for the rest. */
export function plainParametrisation(model: Model): { raw: ParamVariables; derive: Derive; dispose(): void; read(): Promise<Model> } {
  const trainable = new Set(trainableParamNames(model.arch));
  const raw: ParamVariables = {};
  const constants: ParamTensors = {};
  for (const [k, p] of Object.entries(model.params)) {
    if (trainable.has(k)) raw[k] = tf.tidy(() => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true));
    else constants[k] = tf.tensor(p.data, p.shape, 'float32');
  }
  const masks: ParamTensors = {};
  for (const [k, m] of Object.entries(model.masks ?? {})) masks[k] = tf.tensor(Float32Array.from(m), model.params[k]!.shape, 'float32');
  return {
    raw,
    derive: (r) => {
      const out: ParamTensors = { ...constants, ...r };
      for (const [k, m] of Object.entries(masks)) out[k] = tf.mul(out[k]!, m);
      return out;
    },
    dispose: () => tf.dispose([...Object.values(raw), ...Object.values(constants), ...Object.values(masks)]),
    read: async () => {
      const params = { ...model.params };
      for (const [k, v] of Object.entries(raw)) {
        const data = new Float32Array(await v.data());
        const m = model.masks?.[k];
        if (m) for (let i = 0; i < data.length; i++) if (!m[i]) data[i] = 0;
        params[k] = { shape: [...v.shape], data };
      }
      return { ...model, params };
    },
  };
}

/** Trains `raw` for `epochs` with the stage's options; progress and the loss curve go to ctx. */
export async function trainStage(
  ctx: PluginContext,
  c: CompressTrainConfig,
  model: Model,
  ds: TensorDataset,
  p: { raw: ParamVariables; derive: Derive },
  epochs: number,
  opts: { loss?: DerivedLoss; rngLabel?: string; metricPrefix?: string } = {},
): Promise<void> {
  const lr = configured(ctx, () => learningRate(c));
  await trainDerived({
    spec: model.arch,
    raw: p.raw,
    derive: p.derive,
    ...(opts.loss ? { loss: opts.loss } : {}),
    data: ds.splits.train,
    optimizer: optimizerOf(c),
    lr,
    epochs,
    batchSize: c.batch,
    rng: ctx.rng.fork(opts.rngLabel ?? 'train'),
    signal: ctx.signal,
    onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
    onEpoch: (epoch, loss) => ctx.metric(`${opts.metricPrefix ?? ''}loss`, loss, epoch, 'epoch'),
  });
}

/** Logits of `n` rows of `x`, by the integer path when given, else the tfjs forward. */
async function predict(model: Model, params: ParamTensors, int: IntModel | undefined, x: Float32Array, n: number): Promise<Float32Array> {
  if (int) return intForward(int, x, n);
  const y = tf.tidy(() => forward(model.arch, params, tf.tensor(x, [n, x.length / n]), { training: false }));
  const out = new Float32Array(await y.data());
  y.dispose();
  return out;
}

async function accuracyOf(model: Model, params: ParamTensors, int: IntModel | undefined, split: Split, d: number, k: number): Promise<number> {
  if (!int) return (await evaluateClassifier(model.arch, params, split, k)).accuracy;
  let correct = 0;
  for (let s = 0; s < split.n; s += 250) {
    const n = Math.min(250, split.n - s);
    const logits = await predict(model, params, int, split.x.subarray(s * d, (s + n) * d), n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (logits[i * k + j]! > logits[i * k + best]!) best = j;
      if (best === split.y[s + i]) correct++;
    }
  }
  return correct / split.n;
}

/** Median milliseconds of one forward pass over `batch` rows. */
async function latency(run: (x: Float32Array, n: number) => Promise<unknown>, split: Split, d: number, batch: number, reps: number): Promise<number> {
  const n = Math.min(batch, split.n);
  const x = split.x.subarray(0, n * d);
  const times: number[] = [];
  for (let r = 0; r < reps + 2; r++) {
    const t0 = performance.now();
    await run(x, n);
    if (r >= 2) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** The integer model when the whole model qualifies (quantised ≤ 8 bits, calibrated), else why not. */
export function integerModel(model: Model): IntModel | string {
  try {
    return toIntModel(model);
  } catch (e) {
    if (e instanceof IntInferenceError) return e.message;
    throw e;
  }
}

/**
 * Measures and records the compressed model (see the file comment), stores the metrics in
 * `meta.metrics`, writes `exportPath` when given, and returns the metrics.
 */
export async function reportCompressed(
  ctx: PluginContext,
  model: Model,
  ds: TensorDataset | undefined,
  o: { exportPath?: string; extra?: Record<string, number>; timing?: boolean } = {},
): Promise<Record<string, number>> {
  const c = compressionOf(model);
  const { bytes } = encodeCompressed(model, { huffman: c.huffman });
  const cost = modelCost(model);
  const metrics: Record<string, number> = {
    ...o.extra,
    size_bytes: bytes.length,
    compression_ratio: c.referenceBytes / bytes.length,
    reference_bytes: c.referenceBytes,
    params: cost.params,
    flops: cost.flops,
  };
  if (model.masks) metrics.flops_nonzero = cost.flopsNonzero;
  if (o.exportPath) {
    const path = ctx.resolvePath(o.exportPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    ctx.artifact(path, `compressed model, ${bytes.length} bytes (${metrics.compression_ratio!.toFixed(1)}× smaller than float32)`);
  }
  if (ds) {
    checkDataset(ds);
    const test = ds.splits.test ?? ds.splits.train!;
    const d = rowSize(ds.inputShape);
    const int = integerModel(model);
    const intModel = typeof int === 'string' ? undefined : int;
    metrics.integer_inference = intModel ? 1 : 0;
    const params = paramsToTensors(model.params);
    try {
      metrics.accuracy = await accuracyOf(model, params, intModel, test, d, ds.numClasses);
      if (o.timing !== false) {
        const run = (x: Float32Array, n: number) => predict(model, params, intModel, x, n);
        metrics.latency_ms_b1 = await latency(run, test, d, 1, 15);
        metrics.latency_ms_b64 = await latency(run, test, d, 64, 5);
        if (intModel) {
          const float = (x: Float32Array, n: number) => predict(model, params, undefined, x, n);
          metrics.float_accuracy = await accuracyOf(model, params, undefined, test, d, ds.numClasses);
          metrics.float_latency_ms_b1 = await latency(float, test, d, 1, 15);
          metrics.float_latency_ms_b64 = await latency(float, test, d, 64, 5);
        }
      }
    } finally {
      tf.dispose(Object.values(params));
    }
  }
  for (const [k, v] of Object.entries(metrics)) ctx.metric(k, v);
  model.meta = { ...model.meta, metrics: { ...model.meta?.metrics, ...metrics } };
  return metrics;
}

/**
 * Trains a reshaped model (compact filters, a low-rank replacement) for `epochs` with the stage's
 * optimizer options, reporting progress and the loss per epoch.
 */
export async function retrain(ctx: PluginContext, model: Model, ds: TensorDataset, c: CompressTrainConfig, epochs: number): Promise<Model> {
  const lr = configured(ctx, () => learningRate(c));
  const { model: trained } = await fit(model, ds.splits.train!, {
    optimizer: optimizerOf(c),
    lr,
    loss: crossEntropyOn(model.arch),
    epochs,
    batchSize: c.batch,
    numClasses: ds.numClasses,
    rng: ctx.rng.fork('train'),
    signal: ctx.signal,
    trainAccuracy: false,
    onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
    onEpoch: (e) => ctx.metric('loss', e.loss, e.epoch, 'epoch'),
  });
  return trained;
}
