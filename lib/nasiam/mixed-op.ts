/**
 * DARTS mixed operation over a head layer of fixed width d: out = Σ softmax(α)_i · op_i(x), with
 * candidates `identity` (no weights) or `linear_<act>` (a d×d dense layer then an activation).
 * Every candidate keeps its own weights so the discretised head can start from them.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../nn/activations.js';
import type { Activation } from '../nn/spec.js';
import type { RandomSource } from '../data/random.js';

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

function activationOf(c: Candidate): Activation {
  return c === 'identity' || c === 'linear' ? 'identity' : (c.slice('linear_'.length) as Activation);
}

/** Parameter names of candidate `c` in layer `prefix` (empty for identity). */
export function candidateParamNames(prefix: string, c: Candidate): string[] {
  return c === 'identity' ? [] : [`${prefix}.${c}.w`, `${prefix}.${c}.b`];
}

/** One candidate applied to x [n, d]. */
export function applyCandidate(c: Candidate, x: tf.Tensor2D, params: Record<string, tf.Tensor>, prefix: string): tf.Tensor2D {
  if (c === 'identity') return x;
  const [w, b] = candidateParamNames(prefix, c).map((n) => {
    const t = params[n];
    if (!t) throw new Error(`missing parameter '${n}'`);
    return t;
  });
  return activate(activationOf(c), tf.add(tf.matMul(x, w as tf.Tensor2D), b!)) as tf.Tensor2D;
}

/** Σ softmax(α)_i · op_i(x); α has one entry per candidate. */
export function mixedOp(
  x: tf.Tensor2D,
  alpha: tf.Tensor1D,
  candidates: readonly Candidate[],
  params: Record<string, tf.Tensor>,
  prefix: string,
): tf.Tensor2D {
  return tf.tidy(() => {
    const w = tf.softmax(alpha);
    const outs = candidates.map((c, i) => tf.mul(applyCandidate(c, x, params, prefix), tf.slice(w, [i], [1])));
    return tf.addN(outs) as tf.Tensor2D;
  });
}

/** He-normal weights and zero biases for every linear candidate of a d→d layer (plain arrays). */
export function initMixedLayer(
  prefix: string,
  d: number,
  candidates: readonly Candidate[],
  rng: RandomSource,
): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  const std = Math.sqrt(2 / d);
  for (const c of candidates) {
    if (c === 'identity') continue;
    const w = new Float32Array(d * d);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    out[`${prefix}.${c}.w`] = { shape: [d, d], data: w };
    out[`${prefix}.${c}.b`] = { shape: [d], data: new Float32Array(d) };
  }
  return out;
}

/** The discretised choice: argmax of α per layer (first one on ties). */
export function argmaxChoice(alpha: ArrayLike<number>, candidates: readonly Candidate[]): Candidate {
  let best = 0;
  for (let i = 1; i < alpha.length; i++) if (alpha[i]! > alpha[best]!) best = i;
  return candidates[best]!;
}
