/** The convolutions a U-Net is made of, reading `<name>/kernel` and `<name>/bias` from a record. */
import * as tf from '@tensorflow/tfjs';
import type { ParamTensors } from '../nn/model.js';

export function param(p: ParamTensors, name: string): tf.Tensor {
  const t = p[name];
  if (!t) throw new Error(`parameter '${name}' is missing`);
  return t;
}

/** Stride-1 convolution with 'same' padding, plus bias. */
export function convSame(p: ParamTensors, name: string, x: tf.Tensor4D): tf.Tensor4D {
  return tf.add(tf.conv2d(x, param(p, `${name}/kernel`) as tf.Tensor4D, 1, 'same'), param(p, `${name}/bias`)) as tf.Tensor4D;
}

/** 2×2 stride-2 transposed convolution (doubles H and W), plus bias: the U-Net up-convolution. */
export function upConv(p: ParamTensors, name: string, x: tf.Tensor4D): tf.Tensor4D {
  const kernel = param(p, `${name}/kernel`) as tf.Tensor4D;
  const [n, h, w] = x.shape;
  const y = tf.conv2dTranspose(x, kernel, [n, 2 * h, 2 * w, kernel.shape[2]], 2, 'same');
  return tf.add(y, param(p, `${name}/bias`)) as tf.Tensor4D;
}
