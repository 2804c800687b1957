/**
 * DARTS mixed operation over a head layer of fixed width d: out = Σ softmax(α)_i · op_i(x), with
 * candidates `identity` (no weights) or `linear_<act>` (a d×d dense layer, batch norm, then an
 * activation). Batch norm (on batch statistics, as SimSiam's heads use it in training) is what
 * keeps the heads from collapsing; a layer without it (SimSiam's predictor output) gets a bias
 * instead. Every candidate keeps its own weights so the discretised head can start from them.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../nn/activations.js';
import type { Activation } from '../nn/spec.js';
import type { RandomSource } from '../data/random.js';
import type { ParamArrays } from '../nn/model.js';

export const CANDIDATES = [
  'identity',
  'linear',
  'linear_relu',
  'linear_silu',
  'linear_hardswish',
  'linear_elu',
  'linear_tanh',
  'linear_sigmoid',
] as const;
export type Candidate = (typeof CANDIDATES)[number];

export function isCandidate(s: string): s is Candidate {
  return (CANDIDATES as readonly string[]).includes(s);
}

/** One head layer: its parameter prefix and whether its linear candidates batch-normalise. */
export interface HeadLayer {
  prefix: string;
  bn: boolean;
}

const BN_EPSILON = 1e-5;

function activationOf(c: Candidate): Activation {
  return c === 'identity' || c === 'linear' ? 'identity' : (c.slice('linear_'.length) as Activation);
}

/** Parameter names of candidate `c` in `layer` (empty for identity). */
export function candidateParamNames(layer: HeadLayer, c: Candidate): string[] {
  if (c === 'identity') return [];
  const p = `${layer.prefix}.${c}`;
  // Batch norm's β plays the bias's part, so a normalised layer has no bias.
  return layer.bn ? [`${p}.w`, `${p}.gamma`, `${p}.beta`] : [`${p}.w`, `${p}.b`];
}

function need(params: Record<string, tf.Tensor>, name: string): tf.Tensor {
  const t = params[name];
  if (!t) throw new Error(`missing parameter '${name}'`);
  return t;
}

/** Batch norm over the batch axis with batch statistics (training mode; no running averages). */
export function batchNormTrain(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 0);
  return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON) as tf.Tensor2D;
}

/** One candidate applied to x [n, d]. */
export function applyCandidate(c: Candidate, x: tf.Tensor2D, params: Record<string, tf.Tensor>, layer: HeadLayer): tf.Tensor2D {
  if (c === 'identity') return x;
  const [w, second, third] = candidateParamNames(layer, c).map((n) => need(params, n));
  const y = tf.matMul(x, w as tf.Tensor2D) as tf.Tensor2D;
  const pre = layer.bn ? batchNormTrain(y, second!, third!) : (tf.add(y, second!) as tf.Tensor2D);
  return activate(activationOf(c), pre) as tf.Tensor2D;
}

/** Σ softmax(α)_i · op_i(x); α has one entry per candidate. */
export function mixedOp(
  x: tf.Tensor2D,
  alpha: tf.Tensor1D,
  candidates: readonly Candidate[],
  params: Record<string, tf.Tensor>,
  layer: HeadLayer,
): tf.Tensor2D {
  return tf.tidy(() => {
    const w = tf.softmax(alpha);
    const outs = candidates.map((c, i) => tf.mul(applyCandidate(c, x, params, layer), tf.slice(w, [i], [1])));
    return tf.addN(outs) as tf.Tensor2D;
  });
}

/** He-normal weights, zero biases, unit γ and zero β for every linear candidate of a d→d layer. */
export function initMixedLayer(layer: HeadLayer, d: number, candidates: readonly Candidate[], rng: RandomSource): ParamArrays {
  const out: ParamArrays = {};
  const std = Math.sqrt(2 / d);
  for (const c of candidates) {
    const names = candidateParamNames(layer, c);
    if (!names.length) continue;
    const w = new Float32Array(d * d);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    out[names[0]!] = { shape: [d, d], data: w };
    if (layer.bn) {
      out[names[1]!] = { shape: [d], data: new Float32Array(d).fill(1) };
      out[names[2]!] = { shape: [d], data: new Float32Array(d) };
    } else {
      out[names[1]!] = { shape: [d], data: new Float32Array(d) };
    }
  }
  return out;
}

/** The discretised choice: argmax of α per layer (first one on ties). */
export function argmaxChoice(alpha: ArrayLike<number>, candidates: readonly Candidate[]): Candidate {
  let best = 0;
  for (let i = 1; i < alpha.length; i++) if (alpha[i]! > alpha[best]!) best = i;
  return candidates[best]!;
}
