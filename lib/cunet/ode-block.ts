/**
 * The Continuous U-Net's dynamic block: a second-order ODE in feature space,
 *   x'' = f(x, x'),  x(0) = x0,  x'(0) = v0 = g(x0),
 * written as the first-order system d/dt [x; v] = [v; f(x, v)] and integrated over t ∈ [0, 1]
 * by fixed-step RK4; the block's output is x(1). f reads the concatenation [x, v] (2c channels):
 * InstanceNorm → Conv3×3 (2c → c) → act → InstanceNorm → Conv1×1 (c → c) → act. f does not
 * depend on t (autonomous), so the weights are shared across the whole integration.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../nn/activations.js';
import type { ParamTensors } from '../nn/model.js';
import { convSame, param } from './conv.js';
import { instanceNorm } from './instance-norm.js';
import { integrateRk4, type OdeFunction } from './rk4.js';
import type { UNetSpec } from './spec.js';

/** f(x, v) of the block named `prefix`. */
export function odeAcceleration(s: UNetSpec, p: ParamTensors, prefix: string, x: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D {
  const norm = (name: string, z: tf.Tensor4D) => instanceNorm(z, param(p, `${prefix}/${name}/gamma`), param(p, `${prefix}/${name}/beta`), s.epsilon);
  let z = norm('f_norm1', tf.concat([x, v], 3));
  z = activate(s.activation, convSame(p, `${prefix}/f_conv1`, z)) as tf.Tensor4D;
  z = norm('f_norm2', z);
  return activate(s.activation, convSame(p, `${prefix}/f_conv2`, z)) as tf.Tensor4D;
}

/** The parameters f reads, in a fixed order (the integrator's `params`). */
const F_PARAMS = ['f_norm1/gamma', 'f_norm1/beta', 'f_conv1/kernel', 'f_conv1/bias', 'f_norm2/gamma', 'f_norm2/beta', 'f_conv2/kernel', 'f_conv2/bias'];

export interface OdeBlockOptions {
  /** Recompute each RK4 step in the backward pass (less memory, ~1.3× the work); see rk4.ts. */
  checkpoint?: boolean;
}

export function odeBlock(s: UNetSpec, p: ParamTensors, prefix: string, input: tf.Tensor4D, o: OdeBlockOptions = {}): tf.Tensor4D {
  const x0 = convSame(p, `${prefix}/lift`, input);
  const v0 = convSame(p, `${prefix}/g`, x0);
  const names = F_PARAMS.map((n) => `${prefix}/${n}`);
  const rhs: OdeFunction = (_t, [x, v], fp) => {
    const record = Object.fromEntries(names.map((n, i) => [n, fp[i]!]));
    return [v!, odeAcceleration(s, record, prefix, x as tf.Tensor4D, v as tf.Tensor4D)];
  };
  const [x1, v1] = integrateRk4(rhs, [x0, v0], { steps: s.steps, checkpoint: o.checkpoint ?? false }, names.map((n) => param(p, n)));
  tf.dispose([x0, v0, v1!]);
  return x1 as tf.Tensor4D;
}
