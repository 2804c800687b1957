/**
 * The backward (linear) pass of CROWN: a linear function A·z + bias of the tensor z at some
 * position, carried back layer by layer to an earlier position, once for a lower bound and once
 * for an upper bound of the quantity. Affine layers substitute exactly; a relu substitutes its
 * lower or upper line, chosen per coefficient sign (a positive coefficient needs the lower line
 * for a lower bound). At the end, `concretize` takes the extreme of the linear function over a
 * box: A·c ∓ |A|·r + bias.
 *
 * Shapes: A is [batch, K, ...shape at its position] (K rows of the specification), bias [batch, K].
 */
import * as tf from '@tensorflow/tfjs';
import { dense, type LayerSpec, type ModelSpec, type ParamTensors } from '../nn/index.js';
import { center, radius, type Interval } from './interval.js';
import { layerRole } from './network.js';
import type { ReluRelaxation } from './relu-relaxation.js';

export interface LinearFn {
  A: tf.Tensor;
  bias: tf.Tensor;
}

/** The lower-bounding and/or upper-bounding linear function being carried back. */
export interface BackwardState {
  lower?: LinearFn;
  upper?: LinearFn;
}

function param(params: ParamTensors, name: string): tf.Tensor {
  const p = params[name];
  if (!p) throw new Error(`parameter '${name}' is missing`);
  return p;
}

/** Σ over every axis after the first two: [B, K, ...] · [B or 1, 1 or K, ...] → [B, K]. */
function contract(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [B, K] = a.shape as [number, number];
  const n = a.size / (B * K);
  return tf.sum(tf.mul(tf.reshape(a, [B, K, n]), tf.reshape(b, [b.shape[0]!, b.shape[1]!, n])), -1);
}

/** A·W for an affine layer: [B, K, ...out] → [B, K, ...in], and the bias it picks up. */
function affineBack(l: LayerSpec, params: ParamTensors, f: LinearFn, inShape: number[]): LinearFn {
  const [B, K] = f.A.shape as [number, number];
  if (l.type === 'dense') {
    const w = param(params, `${l.name}/kernel`);
    const a2 = tf.reshape(f.A, [B * K, l.units]);
    const A = tf.reshape(dense(a2, tf.transpose(w)), [B, K, ...inShape]);
    const bias = l.bias !== false ? tf.add(f.bias, tf.sum(tf.mul(f.A, param(params, `${l.name}/bias`)), -1)) : f.bias;
    return { A, bias };
  }
  if (l.type === 'conv2d') {
    const w = param(params, `${l.name}/kernel`) as tf.Tensor4D;
    const outShape = f.A.shape.slice(2);
    const a4 = tf.reshape(f.A, [B * K, outShape[0]!, outShape[1]!, outShape[2]!]) as tf.Tensor4D;
    const back = tf.conv2dTranspose(a4, w, [B * K, inShape[0]!, inShape[1]!, inShape[2]!], l.stride, l.padding);
    const A = tf.reshape(back, [B, K, ...inShape]);
    const bias = l.bias !== false ? tf.add(f.bias, tf.sum(tf.mul(f.A, param(params, `${l.name}/bias`)), [2, 3, 4])) : f.bias;
    return { A, bias };
  }
  throw new Error(`layer type ${l.type} is not affine`);
}

/**
 * Substitutes the relu's relaxation: for the lower bound, positive coefficients take the lower
 * line and negative ones the upper line; the other way round for the upper bound.
 */
function reluBack(f: LinearFn, r: ReluRelaxation, forUpper: boolean): LinearFn {
  const expand = (t: tf.Tensor) => tf.expandDims(t, 1);
  const [alpha, slope, intercept] = [expand(r.alpha), expand(r.slope), expand(r.intercept)];
  const pos = tf.relu(f.A);
  const neg = tf.minimum(f.A, 0);
  if (!forUpper) {
    return { A: tf.add(tf.mul(pos, alpha), tf.mul(neg, slope)), bias: tf.add(f.bias, contract(neg, intercept)) };
  }
  return { A: tf.add(tf.mul(pos, slope), tf.mul(neg, alpha)), bias: tf.add(f.bias, contract(pos, intercept)) };
}

/**
 * Carries `state` from position `from` back to position `to` (< from). `relax(p)` gives the
 * relaxation of the relu that is layer p (from the bounds at position p). Call inside tf.tidy.
 */
export function backward(
  spec: ModelSpec,
  params: ParamTensors,
  shapes: number[][],
  state: BackwardState,
  from: number,
  to: number,
  relax: (layer: number) => ReluRelaxation,
): BackwardState {
  let { lower, upper } = state;
  for (let i = from - 1; i >= to; i--) {
    const l = spec.layers[i]!;
    const role = layerRole(l);
    const inShape = shapes[i]!;
    if (role === 'affine' || role === 'reshape') {
      const back = (f: LinearFn): LinearFn =>
        role === 'affine' ? affineBack(l, params, f, inShape) : { A: tf.reshape(f.A, [f.A.shape[0]!, f.A.shape[1]!, ...inShape]), bias: f.bias };
      // Until the first relu the lower and upper functions are one and the same: pass it once.
      if (lower && lower === upper) lower = upper = back(lower);
      else {
        if (lower) lower = back(lower);
        if (upper) upper = back(upper);
      }
    } else if (role === 'relu') {
      const r = relax(i);
      if (lower) lower = reluBack(lower, r, false);
      if (upper) upper = reluBack(upper, r, true);
    } else if (role !== 'identity') {
      throw new Error(`layer ${i} (${l.type}) has no CROWN relaxation`);
    }
  }
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** The extremes of the carried linear functions over a box at their position: [B, K] each. */
export function concretize(state: BackwardState, box: Interval): { lower?: tf.Tensor; upper?: tf.Tensor } {
  const c = tf.expandDims(center(box), 1);
  const r = tf.expandDims(radius(box), 1);
  const out: { lower?: tf.Tensor; upper?: tf.Tensor } = {};
  if (state.lower) out.lower = tf.add(tf.sub(contract(state.lower.A, c), contract(tf.abs(state.lower.A), r)), state.lower.bias);
  if (state.upper) out.upper = tf.add(tf.add(contract(state.upper.A, c), contract(tf.abs(state.upper.A), r)), state.upper.bias);
  return out;
}
