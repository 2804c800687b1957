/**
 * Quantisation-aware training: the forward pass sees fake-quantised weights (quantised and
 * dequantised with the current range), the backward pass treats the rounding as the identity
 * (straight-through estimator, Bengio et al. 2013), so the float "shadow" weights keep learning
 * from gradients computed at their quantised values. Scales follow the weights every step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model, ParamArrays, ParamTensors, ParamVariables } from '../nn/index.js';
import type { QuantTarget } from './quantize-model.js';
import { quantRange } from './quantize.js';
import type { Derive } from './train-derived.js';

/** The quantised-then-dequantised value of `w` (no gradient rule; see `fakeQuantize`). */
export function fakeQuantValue(w: tf.Tensor, t: Omit<QuantTarget, 'name'>): tf.Tensor {
  return tf.tidy(() => {
    const { qmin, qmax } = quantRange(t.bits, t.scheme);
    const axes = t.granularity === 'channel' ? w.shape.slice(0, -1).map((_, i) => i) : undefined;
    if (t.scheme === 'symmetric') {
      const m = tf.max(tf.abs(w), axes);
      const s = tf.where(tf.greater(m, 0), tf.div(m, qmax), tf.onesLike(m));
      return tf.mul(tf.clipByValue(tf.round(tf.div(w, s)), qmin, qmax), s);
    }
    const lo = tf.minimum(tf.min(w, axes), 0);
    const hi = tf.maximum(tf.max(w, axes), 0);
    const span = tf.sub(hi, lo);
    const s = tf.where(tf.greater(span, 0), tf.div(span, qmax - qmin), tf.onesLike(span));
    const z = tf.clipByValue(tf.round(tf.sub(qmin, tf.div(lo, s))), qmin, qmax);
    const q = tf.clipByValue(tf.add(tf.round(tf.div(w, s)), z), qmin, qmax);
    return tf.mul(tf.sub(q, z), s);
  });
}

/** Fake quantisation with the straight-through gradient: d out / d w = 1. */
export function fakeQuantize(w: tf.Tensor, t: Omit<QuantTarget, 'name'>): tf.Tensor {
  const ste = tf.customGrad((...args: unknown[]) => {
    const x = args[0] as tf.Tensor;
    return { value: fakeQuantValue(x, t), gradFunc: (dy: tf.Tensor) => [dy] };
  });
  return ste(w);
}

export interface FakeQuantParametrisation {
  raw: ParamVariables;
  derive: Derive;
  /** The float shadow weights after training (quantise them with quantizeModel). */
  read(): Promise<ParamArrays>;
  dispose(): void;
}

export function fakeQuantParametrisation(model: Model, targets: QuantTarget[], trainable: string[]): FakeQuantParametrisation {
  const raw: ParamVariables = {};
  const constants: ParamTensors = {};
  const masks: ParamTensors = {};
  for (const [name, p] of Object.entries(model.params)) {
    if (trainable.includes(name)) raw[name] = tf.tidy(() => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true));
    else constants[name] = tf.tensor(p.data, p.shape, 'float32');
  }
  for (const [name, m] of Object.entries(model.masks ?? {})) masks[name] = tf.tensor(Float32Array.from(m), model.params[name]!.shape, 'float32');
  const derive: Derive = (r) => {
    const out: ParamTensors = { ...constants, ...r };
    for (const t of targets) {
      const q = fakeQuantize(r[t.name] ?? constants[t.name]!, t);
      out[t.name] = masks[t.name] ? tf.mul(q, masks[t.name]!) : q;
    }
    return out;
  };
  const read = async (): Promise<ParamArrays> => {
    const params: ParamArrays = { ...model.params };
    for (const [name, v] of Object.entries(raw)) params[name] = { shape: [...v.shape], data: new Float32Array(await v.data()) };
    return params;
  };
  const dispose = () => tf.dispose([...Object.values(raw), ...Object.values(constants), ...Object.values(masks)]);
  return { raw, derive, read, dispose };
}
