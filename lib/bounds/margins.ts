/**
 * Bounds on the logit margins m_j = z_y − z_j (true class y minus each class j) over the eps-ball:
 * the specification matrix C (row j = e_y − e_j; the row of y itself is zero) is carried back
 * into the last dense layer (C·Wᵀ per example) before any box is concretized, which is much
 * tighter than subtracting logit intervals. An example is certified when every margin j ≠ y has
 * a positive lower bound.
 *
 *   ibp:        IBP up to the input of the last dense layer, then the folded layer exactly.
 *   crown-ibp:  IBP bounds for every relu, one CROWN backward pass from the margins to the input
 *               (the CROWN-IBP training bound, Zhang et al. 2020).
 *   crown:      CROWN-refined bounds for every relu, one backward pass from the margins, and
 *               the result intersected with the IBP margin from the same bounds.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, ParamTensors } from '../nn/index.js';
import { backward, concretize, type BackwardState } from './backward.js';
import { crownBounds, relaxations, type CrownOptions } from './crown.js';
import { ibpBounds } from './ibp.js';
import { disposeInterval, inputBox, type Domain, type Interval } from './interval.js';
import { checkBoundable, foldLayer, positionShapes } from './network.js';

export type MarginMethod = 'ibp' | 'crown-ibp' | 'crown';

export interface MarginOptions extends CrownOptions {
  eps: number;
  domain?: Domain;
  method: MarginMethod;
  /** Also bound the margins from above (for widths); default false. */
  upper?: boolean;
}

export interface MarginBounds {
  /** [batch, K]; column y is 0. */
  lower: tf.Tensor;
  upper?: tf.Tensor;
}

/** C: [batch, K, K] with C[b, j] = e_{y_b} − e_j. `labels` is an int32 [batch] tensor. */
export function marginSpec(labels: tf.Tensor, numClasses: number): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.expandDims(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, numClasses), 1), tf.expandDims(tf.eye(numClasses), 0)));
}

/** Bounds of C·z from bounds at every position, with C folded into the last dense layer. */
export function foldedMargins(spec: ModelSpec, params: ParamTensors, bounds: Interval[], C: tf.Tensor, upper: boolean): MarginBounds {
  return tf.tidy(() => {
    const n = spec.layers.length;
    const at = foldLayer(spec) ?? n;
    const f = { A: C, bias: tf.zeros(C.shape.slice(0, 2)) };
    const state: BackwardState = { lower: f, ...(upper ? { upper: f } : {}) };
    const none = () => {
      throw new Error('no relu between the margins and the folded layer');
    };
    const out = concretize(backward(spec, params, positionShapes(spec), state, n, at, none), bounds[at]!);
    return { lower: out.lower!, ...(out.upper ? { upper: out.upper } : {}) };
  });
}

/** CROWN's backward pass from the margins to the input box, through the relus' relaxations. */
export function backwardMargins(spec: ModelSpec, params: ParamTensors, bounds: Interval[], C: tf.Tensor, upper: boolean): MarginBounds {
  const relax = relaxations(bounds);
  try {
    return tf.tidy(() => {
      const f = { A: C, bias: tf.zeros(C.shape.slice(0, 2)) };
      const state: BackwardState = { lower: f, ...(upper ? { upper: f } : {}) };
      const out = concretize(backward(spec, params, positionShapes(spec), state, spec.layers.length, 0, relax.get), bounds[0]!);
      return { lower: out.lower!, ...(out.upper ? { upper: out.upper } : {}) };
    });
  } finally {
    relax.dispose();
  }
}

/**
 * Margin bounds of a batch `x` ([batch, ...inputShape] or flat rows) with int32 `labels`.
 * Differentiable in `params` (the crown_ibp loss trains through it).
 */
export function marginBounds(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, labels: tf.Tensor, numClasses: number, o: MarginOptions): MarginBounds {
  checkBoundable(spec, o.method === 'ibp' ? 'ibp' : 'crown');
  const box = inputBox(x, o.eps, o.domain);
  const C = marginSpec(labels, numClasses);
  const bounds = o.method === 'crown' ? crownBounds(spec, params, box, o) : ibpBounds(spec, params, box);
  try {
    const upper = o.upper === true;
    const folded = foldedMargins(spec, params, bounds, C, upper);
    if (o.method === 'ibp') return folded;
    const back = backwardMargins(spec, params, bounds, C, upper);
    if (o.method === 'crown-ibp' || o.intersectIbp === false) {
      tf.dispose([folded.lower, ...(folded.upper ? [folded.upper] : [])]);
      return back;
    }
    const out = tf.tidy(() => ({
      lower: tf.maximum(back.lower, folded.lower),
      ...(upper ? { upper: tf.minimum(back.upper!, folded.upper!) } : {}),
    }));
    tf.dispose([back.lower, folded.lower, ...(upper ? [back.upper!, folded.upper!] : [])]);
    return out;
  } finally {
    for (const b of bounds) disposeInterval(b);
    disposeInterval(box);
    C.dispose();
  }
}
