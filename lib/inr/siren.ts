/**
 * SIREN (Sitzmann et al., 2020): an MLP with sine activations, h ← sin(w0·(h·W + b)), and a
 * linear output layer. Parameters are a plain record (`l<i>/kernel`, `l<i>/bias`), so the
 * forward pass is functional: meta-learning passes per-task copies in.
 *
 * Initialisation (the paper's): first layer W ~ U(−1/n, 1/n), every later layer
 * W ~ U(−√(6/n)/w0, √(6/n)/w0), n = fan-in; biases U(−1/√n, 1/√n) (the PyTorch default the
 * reference code keeps). Drawn in plain JS from a seeded source: backend-independent numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import { paramName, type ParamArrays } from '../nn/index.js';
import type { Params } from '../meta/index.js';

export interface SirenSpec {
  type: 'siren';
  /** Coordinate dimension (2 for images). */
  inDim: number;
  /** Signal channels (1 for grey images). */
  outDim: number;
  /** Linear maps in total: `layers − 1` sine layers, then the linear output layer. */
  layers: number;
  width: number;
  w0: number;
}

export interface SirenModel {
  arch: SirenSpec;
  params: ParamArrays;
  meta?: { metrics?: Record<string, number>; [k: string]: unknown };
}

export const layerName = (i: number): string => `l${i}`;

/** [fanIn, fanOut] of each linear map. */
export function sirenShapes(spec: SirenSpec): [number, number][] {
  const dims = [spec.inDim, ...Array.from({ length: spec.layers - 1 }, () => spec.width), spec.outDim];
  return dims.slice(0, -1).map((d, i) => [d, dims[i + 1]!]);
}

export function checkSirenSpec(spec: SirenSpec): void {
  const posInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!posInt(spec.inDim) || !posInt(spec.outDim) || !posInt(spec.width)) throw new Error('siren: inDim, outDim and width must be positive integers');
  if (!Number.isInteger(spec.layers) || spec.layers < 2) throw new Error(`siren: layers must be an integer ≥ 2 (one sine layer and the output), got ${spec.layers}`);
  if (!(spec.w0 > 0)) throw new Error(`siren: w0 must be positive, got ${spec.w0}`);
}

/** Half-width of the uniform kernel initialisation of linear map `i`. */
export function sirenInitBound(spec: SirenSpec, i: number): number {
  const fanIn = sirenShapes(spec)[i]![0];
  return i === 0 ? 1 / fanIn : Math.sqrt(6 / fanIn) / spec.w0;
}

export function initSiren(spec: SirenSpec, rng: RandomSource): SirenModel {
  checkSirenSpec(spec);
  const params: ParamArrays = {};
  const uniform = (n: number, bound: number) => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * bound);
  sirenShapes(spec).forEach(([fanIn, fanOut], i) => {
    params[paramName(layerName(i), 'kernel')] = { shape: [fanIn, fanOut], data: uniform(fanIn * fanOut, sirenInitBound(spec, i)) };
    params[paramName(layerName(i), 'bias')] = { shape: [fanOut], data: uniform(fanOut, 1 / Math.sqrt(fanIn)) };
  });
  return { arch: spec, params };
}

export interface SirenOutput {
  /** [points, outDim] */
  out: tf.Tensor2D;
  /** The last hidden layer's features φ, [points, width]. */
  features: tf.Tensor2D;
}

/** The forward pass on coordinates [points, inDim]; also returns φ (the output layer's input). */
export function sirenForward(spec: SirenSpec, params: Params, coords: tf.Tensor2D): SirenOutput {
  let h: tf.Tensor2D = coords;
  const last = spec.layers - 1;
  for (let i = 0; i < last; i++) {
    const z = tf.add(tf.matMul(h, params[paramName(layerName(i), 'kernel')] as tf.Tensor2D), params[paramName(layerName(i), 'bias')]!);
    h = tf.sin(tf.mul(z, spec.w0)) as tf.Tensor2D;
  }
  const out = tf.add(tf.matMul(h, params[paramName(layerName(last), 'kernel')] as tf.Tensor2D), params[paramName(layerName(last), 'bias')]!) as tf.Tensor2D;
  return { out, features: h };
}
