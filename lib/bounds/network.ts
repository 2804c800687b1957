/**
 * Which layers the bounds can pass, per method, and the facts about a spec that the bound passes
 * read (shapes at every position, the last affine layer the margin specification folds into).
 *
 * Positions: position p is the tensor entering layer p; position 0 is the input and position
 * `layers.length` the logits. Bounds are kept per position.
 *
 * Supported: dense, conv2d, flatten, reshape, dropout (the identity: bounds are of the inference
 * network) and the activations relu and identity, by IBP and CROWN. IBP also passes maxpool2d,
 * avgpool2d and the monotone activations (tanh, sigmoid, elu, leaky_relu, softplus), whose
 * images of an interval are the interval of the end-point images. CROWN has no linear relaxation
 * here for those. Non-monotone activations (silu, hardswish) and batchnorm (training mode uses
 * batch statistics, which a bound on one example cannot) are refused by both.
 */
import { layerShapes, type LayerSpec, type ModelSpec } from '../nn/index.js';
import { UnsupportedLayerError, type BoundMethod } from './errors.js';

const MONOTONE = new Set(['tanh', 'sigmoid', 'elu', 'leaky_relu', 'softplus']);

/** How a layer moves bounds: `linear` layers (and identities) are exact for both methods. */
export type LayerRole = 'affine' | 'reshape' | 'identity' | 'relu' | 'monotone' | 'pool';

export function layerRole(l: LayerSpec): LayerRole | undefined {
  switch (l.type) {
    case 'dense':
    case 'conv2d':
      return 'affine';
    case 'flatten':
    case 'reshape':
      return 'reshape';
    case 'dropout':
      return 'identity';
    case 'activation':
      if (l.fn === 'identity') return 'identity';
      if (l.fn === 'relu') return 'relu';
      return MONOTONE.has(l.fn) ? 'monotone' : undefined;
    case 'maxpool2d':
    case 'avgpool2d':
      return 'pool';
    case 'batchnorm':
      return undefined;
  }
}

function typeName(l: LayerSpec): string {
  return l.type === 'activation' ? `activation ${l.fn}` : l.type;
}

function hintFor(l: LayerSpec, role: LayerRole | undefined, method: BoundMethod): string {
  if (role === 'pool' || role === 'monotone') {
    return `${method === 'crown' ? 'CROWN and the crown_ibp loss' : 'this method'} bound only relu networks without pooling; use verify ibp, or a model without it (model cnn { pool: 1 }, activation: relu)`;
  }
  if (l.type === 'batchnorm') return 'remove batch normalisation from the model';
  return 'use relu, identity or a monotone activation (tanh, sigmoid, elu, leaky_relu, softplus)';
}

/** Throws UnsupportedLayerError for the first layer `method` cannot bound. */
export function checkBoundable(spec: ModelSpec, method: BoundMethod): void {
  spec.layers.forEach((l, i) => {
    const role = layerRole(l);
    const ok = role !== undefined && (method === 'ibp' || (role !== 'monotone' && role !== 'pool'));
    if (!ok) throw new UnsupportedLayerError(i, typeName(l), method, hintFor(l, role, method));
  });
}

/**
 * The last dense layer when only identities and reshapes follow it: the margin specification
 * C is multiplied into its weights (C·Wᵀ per example), which gives IBP far tighter margins than
 * subtracting logit intervals. Undefined when the logits come from anything else.
 */
export function foldLayer(spec: ModelSpec): number | undefined {
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const l = spec.layers[i]!;
    if (l.type === 'dense') return i;
    const role = layerRole(l);
    if (role !== 'identity' && role !== 'reshape') return undefined;
  }
  return undefined;
}

/** `shapes[p]`: the shape (without batch) at position p. */
export function positionShapes(spec: ModelSpec): number[][] {
  return layerShapes(spec);
}
