/** Element-wise activations by name, as they appear in specs and .pipe options. */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './spec.js';

const table: Record<Activation, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  silu: (x) => tf.mul(x, tf.sigmoid(x)),
  elu: (x) => tf.elu(x),
  identity: (x) => x,
  // x · relu6(x + 3) / 6 (MobileNetV3)
  hardswish: (x) => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)),
  leaky_relu: (x) => tf.leakyRelu(x, 0.01),
  softplus: (x) => tf.softplus(x),
};

export function activate(fn: Activation, x: tf.Tensor): tf.Tensor {
  const f = table[fn];
  if (!f) throw new Error(`unknown activation '${String(fn)}'`);
  return f(x);
}
