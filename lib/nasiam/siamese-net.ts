/**
 * The siamese network of a NASiam search or a SimSiam run: a backbone (any sequential
 * `ModelSpec`, normally the conv net of convnet.ts, ending in d features), then a projector and
 * a predictor of width d. Head layers are mixed operations while searching (`arch` undefined)
 * and single candidates once an architecture is chosen. As in SimSiam, every head layer is
 * batch-normalised except the predictor's output layer.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import { forward } from '../nn/forward.js';
import { initParams } from '../nn/init.js';
import type { ParamArrays, ParamTensors } from '../nn/model.js';
import { outputSize } from '../nn/shapes.js';
import type { ModelSpec } from '../nn/spec.js';
import { applyCandidate, initMixedLayer, mixedOp, type Candidate, type HeadLayer } from './mixed-op.js';

export interface HeadArchitecture {
  projector: Candidate[];
  predictor: Candidate[];
}

export interface SiameseSpec {
  backbone: ModelSpec;
  projectorLayers: number;
  predictorLayers: number;
  /** Candidates of every mixed layer (searching), or the union of the chosen ones. */
  candidates: Candidate[];
}

export type PlainParams = ParamArrays;
export type HeadName = 'projector' | 'predictor';

export const alphaName = (head: HeadName, i: number) => `alpha.${head}${i}`;

/** Layer i of a head; only the predictor's last layer skips batch norm. */
export function headLayer(head: HeadName, i: number, count: number): HeadLayer {
  return { prefix: `${head}${i}`, bn: !(head === 'predictor' && i === count - 1) };
}

const heads = (spec: SiameseSpec): [HeadName, number][] => [
  ['projector', spec.projectorLayers],
  ['predictor', spec.predictorLayers],
];

/**
 * Fresh backbone parameters (He init, unit γ, running statistics at 0 / 1), head weights for
 * every candidate of every layer and α at zero (a uniform mixture) — or, given a fixed
 * architecture, the chosen candidate's weights only and no α.
 */
export function initSiamese(
  spec: SiameseSpec,
  rng: RandomSource,
  arch?: HeadArchitecture,
): { backbone: PlainParams; head: PlainParams; alphas: PlainParams } {
  const backbone = initParams(spec.backbone, rng);
  const d = outputSize(spec.backbone);
  const head: PlainParams = {};
  const alphas: PlainParams = {};
  for (const [name, count] of heads(spec)) {
    for (let i = 0; i < count; i++) {
      // A fixed head needs only its chosen candidate's weights.
      Object.assign(head, initMixedLayer(headLayer(name, i, count), d, arch ? [arch[name][i]!] : spec.candidates, rng));
      if (!arch) alphas[alphaName(name, i)] = { shape: [spec.candidates.length], data: new Float32Array(spec.candidates.length) };
    }
  }
  return { backbone, head, alphas };
}

export interface SiameseForwardOptions {
  /** Backbone batch norm on batch statistics (heads always use batch statistics). */
  training: boolean;
  /** Fold the batch statistics into the backbone's running ones (tf.Variables). Default true. */
  updateStatistics?: boolean;
}

export function backboneForward(x: tf.Tensor2D, spec: ModelSpec, params: ParamTensors, o: SiameseForwardOptions): tf.Tensor2D {
  return forward(spec, params, x, { training: o.training, updateStatistics: o.updateStatistics }) as tf.Tensor2D;
}

function headForward(h: tf.Tensor2D, head: HeadName, spec: SiameseSpec, params: ParamTensors, arch?: HeadArchitecture): tf.Tensor2D {
  const count = arch ? arch[head].length : head === 'projector' ? spec.projectorLayers : spec.predictorLayers;
  for (let i = 0; i < count; i++) {
    const layer = headLayer(head, i, count);
    h = arch ? applyCandidate(arch[head][i]!, h, params, layer) : mixedOp(h, params[alphaName(head, i)] as tf.Tensor1D, spec.candidates, params, layer);
  }
  return h;
}

/** z = projector(backbone(x)), p = predictor(z). `params` holds all weights and, when mixed, α. */
export function siameseForward(
  x: tf.Tensor2D,
  spec: SiameseSpec,
  params: ParamTensors,
  o: SiameseForwardOptions,
  arch?: HeadArchitecture,
): { z: tf.Tensor2D; p: tf.Tensor2D } {
  const h = backboneForward(x, spec.backbone, params, o);
  const z = headForward(h, 'projector', spec, params, arch);
  const p = headForward(z, 'predictor', spec, params, arch);
  return { z, p };
}
