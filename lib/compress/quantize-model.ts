/**
 * Post-training quantisation of a Model: each chosen kernel replaced by its dequantised values
 * (so every Model consumer still works), scales and zero points recorded in
 * `meta.compression.quant`; and calibration: the range of the input of every weighted layer over
 * a few examples, which fixes the activation scales of integer inference.
 */
import * as tf from '@tensorflow/tfjs';
import { forwardTrace, paramsToTensors, toInputShape, type Model, type ParamArrays } from '../nn/index.js';
import { compressionOf, quantMeta, withCompression, type ActivationRange } from './meta.js';
import { chooseQuantParams, dequantizeValues, quantizeValues, type Granularity, type QuantScheme } from './quantize.js';
import { isWeighted } from './targets.js';

export interface QuantTarget {
  /** `<layer>/kernel` */
  name: string;
  bits: number;
  scheme: QuantScheme;
  granularity: Granularity;
}

export function quantizeModel(model: Model, targets: QuantTarget[]): { model: Model; maxError: Record<string, number> } {
  const params: ParamArrays = { ...model.params };
  const c = compressionOf(model);
  const maxError: Record<string, number> = {};
  for (const t of targets) {
    const p = model.params[t.name]!;
    const mask = model.masks?.[t.name];
    const qp = chooseQuantParams(p.data, p.shape, t.bits, t.scheme, t.granularity, mask);
    const data = dequantizeValues(quantizeValues(p.data, qp), qp);
    if (mask) for (let i = 0; i < data.length; i++) if (!mask[i]) data[i] = 0;
    let err = 0;
    for (let i = 0; i < data.length; i++) err = Math.max(err, Math.abs(data[i]! - p.data[i]!));
    maxError[t.name] = err;
    params[t.name] = { shape: [...p.shape], data };
    c.quant[t.name] = quantMeta(qp);
    delete c.codebooks[t.name];
  }
  return { model: withCompression({ ...model, params }, c), maxError };
}

/**
 * Min and max of the input of each weighted layer over `n` examples `x` (row-major), run in
 * batches through the float model; keyed by layer name.
 */
export async function calibrateActivations(model: Model, x: Float32Array, n: number, batch = 256): Promise<Record<string, ActivationRange>> {
  const ranges: Record<string, ActivationRange> = {};
  const d = x.length / n;
  const params = paramsToTensors(model.params);
  try {
    for (let s = 0; s < n; s += batch) {
      const m = Math.min(batch, n - s);
      const stats = tf.tidy(() => {
        const input = toInputShape(model.arch, tf.tensor(x.subarray(s * d, (s + m) * d), [m, d]));
        const outs = forwardTrace(model.arch, params, input, { training: false });
        return model.arch.layers.flatMap((l, i) => (isWeighted(l) ? [tf.stack([tf.min(i ? outs[i - 1]! : input), tf.max(i ? outs[i - 1]! : input)])] : []));
      });
      const names = model.arch.layers.filter(isWeighted).map((l) => l.name);
      for (let j = 0; j < stats.length; j++) {
        const [lo, hi] = await stats[j]!.data();
        const r = ranges[names[j]!];
        ranges[names[j]!] = r ? { min: Math.min(r.min, lo!), max: Math.max(r.max, hi!) } : { min: lo!, max: hi! };
      }
      tf.dispose(stats);
    }
  } finally {
    tf.dispose(Object.values(params));
  }
  return ranges;
}

/** Records calibrated activation ranges (and their bit width) in the model's meta. */
export function withActivationRanges(model: Model, ranges: Record<string, ActivationRange>, bits: number): Model {
  const c = compressionOf(model);
  c.activations = ranges;
  c.activationBits = bits;
  return withCompression(model, c);
}
