/**
 * The siamese network of a NASiam search or a SimSiam run: an MLP backbone (dense + relu per
 * layer; chosen over a conv net for speed on shared CPU cores), then a projector and a predictor
 * of fixed width d. Head layers are mixed operations while searching (`arch` undefined) and
 * single candidates once an architecture is chosen.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import type { ParamArrays } from '../nn/model.js';
import { applyCandidate, initMixedLayer, mixedOp, type Candidate } from './mixed-op.js';

export interface HeadArchitecture {
  projector: Candidate[];
  predictor: Candidate[];
}

export interface SiameseSpec {
  /** Widths: input size first, then each backbone layer; the last is the head width d. */
  backbone: number[];
  projectorLayers: number;
  predictorLayers: number;
  candidates: Candidate[];
}

export type PlainParams = ParamArrays;

export const layerPrefix = (head: 'projector' | 'predictor', i: number) => `${head}${i}`;
export const alphaName = (head: 'projector' | 'predictor', i: number) => `alpha.${layerPrefix(head, i)}`;

/** Weights (backbone and every candidate of every head layer) and α (zeros: uniform mixture). */
export function initSiamese(spec: SiameseSpec, rng: RandomSource): { weights: PlainParams; alphas: PlainParams } {
  const weights: PlainParams = {};
  for (let l = 1; l < spec.backbone.length; l++) {
    const [m, n] = [spec.backbone[l - 1]!, spec.backbone[l]!];
    const w = new Float32Array(m * n);
    const std = Math.sqrt(2 / m);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    weights[`backbone${l}.w`] = { shape: [m, n], data: w };
    weights[`backbone${l}.b`] = { shape: [n], data: new Float32Array(n) };
  }
  const d = spec.backbone[spec.backbone.length - 1]!;
  const alphas: PlainParams = {};
  for (const [head, count] of [['projector', spec.projectorLayers], ['predictor', spec.predictorLayers]] as const) {
    for (let i = 0; i < count; i++) {
      Object.assign(weights, initMixedLayer(layerPrefix(head, i), d, spec.candidates, rng));
      alphas[alphaName(head, i)] = { shape: [spec.candidates.length], data: new Float32Array(spec.candidates.length) };
    }
  }
  return { weights, alphas };
}

export function backboneForward(x: tf.Tensor2D, params: Record<string, tf.Tensor>, depth: number): tf.Tensor2D {
  let h = x;
  for (let l = 1; l <= depth; l++) h = tf.relu(tf.add(tf.matMul(h, params[`backbone${l}.w`] as tf.Tensor2D), params[`backbone${l}.b`]!)) as tf.Tensor2D;
  return h;
}

function headForward(
  h: tf.Tensor2D,
  head: 'projector' | 'predictor',
  count: number,
  spec: SiameseSpec,
  params: Record<string, tf.Tensor>,
  arch?: HeadArchitecture,
): tf.Tensor2D {
  for (let i = 0; i < count; i++) {
    const prefix = layerPrefix(head, i);
    h = arch ? applyCandidate(arch[head][i]!, h, params, prefix) : mixedOp(h, params[alphaName(head, i)] as tf.Tensor1D, spec.candidates, params, prefix);
  }
  return h;
}

/** z = projector(backbone(x)), p = predictor(z). `params` holds weights and, when mixed, α. */
export function siameseForward(
  x: tf.Tensor2D,
  spec: SiameseSpec,
  params: Record<string, tf.Tensor>,
  arch?: HeadArchitecture,
): { z: tf.Tensor2D; p: tf.Tensor2D } {
  const h = backboneForward(x, params, spec.backbone.length - 1);
  const z = headForward(h, 'projector', arch ? arch.projector.length : spec.projectorLayers, spec, params, arch);
  const p = headForward(z, 'predictor', arch ? arch.predictor.length : spec.predictorLayers, spec, params, arch);
  return { z, p };
}
