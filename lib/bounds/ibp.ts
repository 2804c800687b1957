/**
 * Interval bound propagation (Gowal et al. 2018): an affine layer maps the box (center c,
 * radius r) to (W·c + b, |W|·r), which is exact for one affine layer; a monotone layer (relu,
 * the other monotone activations, max/avg pooling) maps [l, u] to [f(l), f(u)]. Differentiable in
 * the parameters, so the crown_ibp loss trains through it.
 */
import * as tf from '@tensorflow/tfjs';
import { applyLayer, dense, type LayerSpec, type ModelSpec, type ParamTensors } from '../nn/index.js';
import { center, radius, type Interval } from './interval.js';
import { checkBoundable, layerRole } from './network.js';

function kernel(params: ParamTensors, l: LayerSpec & { name: string }): tf.Tensor {
  const k = params[`${l.name}/kernel`];
  if (!k) throw new Error(`parameter '${l.name}/kernel' is missing`);
  return k;
}

/** |W| applied to a radius (no bias): how far an affine layer can move a box's center. */
function affineRadius(l: LayerSpec, params: ParamTensors, r: tf.Tensor): tf.Tensor {
  if (l.type === 'dense') return dense(r, tf.abs(kernel(params, l)));
  if (l.type === 'conv2d') return tf.conv2d(r as tf.Tensor4D, tf.abs(kernel(params, l)) as tf.Tensor4D, l.stride, l.padding);
  throw new Error(`layer type ${l.type} is not affine`);
}

/** One layer's image of an interval (`i` is the layer's index in the spec). */
export function ibpLayer(l: LayerSpec, i: number, params: ParamTensors, box: Interval): Interval {
  const opts = { training: false };
  if (layerRole(l) === 'affine') {
    return tf.tidy(() => {
      const c = applyLayer(l, i, params, center(box), opts);
      const r = affineRadius(l, params, radius(box));
      return { lower: tf.sub(c, r), upper: tf.add(c, r) };
    });
  }
  return { lower: applyLayer(l, i, params, box.lower, opts), upper: applyLayer(l, i, params, box.upper, opts) };
}

/** The box at position 0: reshaped handles, never the caller's tensors, so disposing is safe. */
export function inputPosition(spec: ModelSpec, input: Interval): Interval {
  const shape = (t: tf.Tensor) => tf.reshape(t, [t.shape[0]!, ...spec.inputShape]);
  return { lower: shape(input.lower), upper: shape(input.upper) };
}

/**
 * IBP bounds at every position (index p: the tensor entering layer p; the last is the logits).
 * `input` is the perturbation box, [batch, ...inputShape] or flat rows. The caller disposes
 * every position.
 */
export function ibpBounds(spec: ModelSpec, params: ParamTensors, input: Interval): Interval[] {
  checkBoundable(spec, 'ibp');
  const out: Interval[] = [inputPosition(spec, input)];
  spec.layers.forEach((l, i) => out.push(ibpLayer(l, i, params, out[i]!)));
  return out;
}
