/** The plain U-Net block: conv3×3 → (instance norm) → act, twice. */
import type * as tf from '@tensorflow/tfjs';
import { activate } from '../nn/activations.js';
import type { ParamTensors } from '../nn/model.js';
import { convSame, param } from './conv.js';
import { instanceNorm } from './instance-norm.js';
import type { UNetSpec } from './spec.js';

export function plainBlock(s: UNetSpec, p: ParamTensors, prefix: string, input: tf.Tensor4D): tf.Tensor4D {
  let z = input;
  for (const k of [1, 2]) {
    z = convSame(p, `${prefix}/conv${k}`, z);
    if (s.norm) z = instanceNorm(z, param(p, `${prefix}/norm${k}/gamma`), param(p, `${prefix}/norm${k}/beta`), s.epsilon);
    z = activate(s.activation, z) as tf.Tensor4D;
  }
  return z;
}
