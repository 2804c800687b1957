/**
 * The functional forward pass: parameters come in as a record, never hidden in tf.layers, so
 * callers can pass masked weights, per-task copies (MAML) or several parameter groups, and can
 * run any slice of the layer list (an auxiliary head on an early layer, bounds layer by layer).
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from './activations.js';
import { dense, type DenseGrad } from './dense.js';
import type { ParamTensors } from './model.js';
import { paramName, type BatchNormLayer, type LayerSpec, type ModelSpec, type ParamRole } from './spec.js';

export interface ForwardOptions {
  /** Dropout active, batch norm on batch statistics. */
  training: boolean;
  /** Seed of this step's dropout masks (required when training with dropout > 0). */
  seed?: number;
  /**
   * When training, write batch norm's moving statistics into them if they are tf.Variables.
   * Default true.
   */
  updateStatistics?: boolean;
  /** See dense.ts; default 'transposed'. */
  denseGrad?: DenseGrad;
}

function param(params: ParamTensors, layer: string, role: ParamRole): tf.Tensor {
  const p = params[paramName(layer, role)];
  if (!p) throw new Error(`parameter '${paramName(layer, role)}' is missing`);
  return p;
}

function batchNorm(l: BatchNormLayer, params: ParamTensors, x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
  const eps = l.epsilon ?? 1e-5;
  const gamma = param(params, l.name, 'gamma');
  const beta = param(params, l.name, 'beta');
  if (!opts.training) {
    return tf.batchNorm(x, param(params, l.name, 'moving_mean'), param(params, l.name, 'moving_variance'), beta, gamma, eps);
  }
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  // Training reads batch statistics; the moving ones are only updated, and may be absent.
  const movingMean = params[paramName(l.name, 'moving_mean')];
  const movingVar = params[paramName(l.name, 'moving_variance')];
  if (opts.updateStatistics !== false && movingMean instanceof tf.Variable && movingVar instanceof tf.Variable) {
    const m = l.momentum ?? 0.9;
    tf.tidy(() => {
      movingMean.assign(tf.add(tf.mul(movingMean, m), tf.mul(mean, 1 - m)));
      movingVar.assign(tf.add(tf.mul(movingVar, m), tf.mul(variance, 1 - m)));
    });
  }
  return tf.batchNorm(x, mean, variance, beta, gamma, eps);
}

/** Applies layer `index` of a spec; the building block of every forward variant. */
export function applyLayer(l: LayerSpec, index: number, params: ParamTensors, x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
  switch (l.type) {
    case 'dense': {
      const b = l.bias !== false ? param(params, l.name, 'bias') : undefined;
      return dense(x, param(params, l.name, 'kernel'), b, opts.denseGrad);
    }
    case 'conv2d': {
      const y = tf.conv2d(x as tf.Tensor4D, param(params, l.name, 'kernel') as tf.Tensor4D, l.stride, l.padding);
      return l.bias !== false ? tf.add(y, param(params, l.name, 'bias')) : y;
    }
    case 'depthwise_conv2d': {
      const y = tf.depthwiseConv2d(x as tf.Tensor4D, param(params, l.name, 'kernel') as tf.Tensor4D, l.stride, l.padding);
      return l.bias !== false ? tf.add(y, param(params, l.name, 'bias')) : y;
    }
    case 'maxpool2d':
      return tf.maxPool(x as tf.Tensor4D, l.size, l.stride, l.padding);
    case 'avgpool2d':
      return tf.avgPool(x as tf.Tensor4D, l.size, l.stride, l.padding);
    case 'flatten':
      return tf.reshape(x, [x.shape[0]!, -1]);
    case 'reshape':
      return tf.reshape(x, [x.shape[0]!, ...l.shape]);
    case 'activation':
      return activate(l.fn, x);
    case 'dropout': {
      if (!opts.training || l.rate === 0) return x;
      if (opts.seed === undefined) throw new Error(`dropout layer ${index} needs a seed when training`);
      // Per-layer offset: two dropout layers in one step must not share a mask.
      return tf.dropout(x, l.rate, undefined, (opts.seed + 7919 * (index + 1)) >>> 0);
    }
    case 'batchnorm':
      return batchNorm(l, params, x, opts);
  }
}

/** Reshapes a batch of flat or shaped rows to [batch, ...inputShape]. */
export function toInputShape(spec: ModelSpec, x: tf.Tensor): tf.Tensor {
  const want = [x.shape[0]!, ...spec.inputShape];
  return x.shape.join() === want.join() ? x : tf.reshape(x, want);
}

/**
 * Runs layers [from, to) of `spec` on `x` (to defaults to the end). With from = 0, `x` is
 * reshaped to the spec's input shape first.
 */
export function forwardRange(
  spec: ModelSpec,
  params: ParamTensors,
  x: tf.Tensor,
  opts: ForwardOptions,
  from = 0,
  to = spec.layers.length,
): tf.Tensor {
  let h = from === 0 ? toInputShape(spec, x) : x;
  for (let i = from; i < to; i++) h = applyLayer(spec.layers[i]!, i, params, h, opts);
  return h;
}

export function forward(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
  return forwardRange(spec, params, x, opts);
}

/** Every layer's output, in order ([0] is layer 0's output); for traces and auxiliary heads. */
export function forwardTrace(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, opts: ForwardOptions): tf.Tensor[] {
  const outs: tf.Tensor[] = [];
  let h = toInputShape(spec, x);
  spec.layers.forEach((l, i) => {
    h = applyLayer(l, i, params, h, opts);
    outs.push(h);
  });
  return outs;
}
