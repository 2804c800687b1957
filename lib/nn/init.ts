/**
 * Seeded parameter initialisation in plain JS (not tfjs initialisers), so the numbers depend on
 * the seed only, never on the backend.
 */
import type { RandomSource } from '../data/random.js';
import type { Model, ParamArrays } from './model.js';
import { paramInfos } from './shapes.js';
import { isRectifier, type InitScheme, type LayerSpec, type ModelSpec, type ParamInfo } from './spec.js';

/** He for layers feeding a rectifier (variance kept through ReLU), Glorot otherwise. */
function defaultScheme(layers: LayerSpec[], i: number): InitScheme {
  for (let j = i + 1; j < layers.length; j++) {
    const l = layers[j]!;
    if (l.type === 'activation') return isRectifier(l.fn) ? 'he_normal' : 'glorot_uniform';
    if (l.type === 'dense' || l.type === 'conv2d' || l.type === 'depthwise_conv2d') break;
  }
  return 'glorot_uniform';
}

function fill(info: ParamInfo, scheme: InitScheme, rng: RandomSource): Float32Array {
  const size = info.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (scheme === 'he_normal') {
    const std = Math.sqrt(2 / info.fanIn);
    for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  } else if (scheme === 'glorot_uniform') {
    const limit = Math.sqrt(6 / (info.fanIn + info.fanOut));
    for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * limit;
  }
  return out;
}

export function initParams(spec: ModelSpec, rng: RandomSource): ParamArrays {
  const params: ParamArrays = {};
  for (const info of paramInfos(spec)) {
    const layer = spec.layers[info.layer]!;
    let data: Float32Array;
    if (info.role === 'kernel') {
      const explicit = layer.type === 'dense' || layer.type === 'conv2d' || layer.type === 'depthwise_conv2d' ? layer.init : undefined;
      data = fill(info, explicit ?? defaultScheme(spec.layers, info.layer), rng);
    } else if (info.role === 'gamma' || info.role === 'moving_variance') {
      data = new Float32Array(info.shape[0]!).fill(1);
    } else {
      data = new Float32Array(info.shape.reduce((a, b) => a * b, 1));
    }
    params[info.name] = { shape: info.shape, data };
  }
  return params;
}

export function initModel(spec: ModelSpec, rng: RandomSource): Model {
  return { arch: spec, params: initParams(spec, rng) };
}
