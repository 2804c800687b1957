/**
 * What a model costs to run: parameters and the FLOPs of one example's forward pass
 * (2 per multiply-add of dense, conv2d and depthwise layers; biases, activations and pooling
 * are not counted, as is usual), dense (every weight) and nonzero (pruned weights skipped).
 */
import { layerShapes, paramName, type Model } from '../nn/index.js';

export interface ModelCost {
  /** Trainable parameters of the architecture. */
  params: number;
  flops: number;
  flopsNonzero: number;
}

export function modelCost(model: Model): ModelCost {
  const shapes = layerShapes(model.arch);
  let params = 0;
  let flops = 0;
  let flopsNonzero = 0;
  model.arch.layers.forEach((l, i) => {
    if (l.type === 'batchnorm') params += 2 * shapes[i]!.at(-1)!;
    if (l.type !== 'dense' && l.type !== 'conv2d' && l.type !== 'depthwise_conv2d') return;
    const k = model.params[paramName(l.name, 'kernel')]!.data;
    const mask = model.masks?.[paramName(l.name, 'kernel')];
    let nz = 0;
    for (let j = 0; j < k.length; j++) if (k[j] !== 0 && (!mask || mask[j])) nz++;
    const out = shapes[i + 1]!;
    const positions = l.type === 'dense' ? 1 : out[0]! * out[1]!;
    params += k.length + (model.params[paramName(l.name, 'bias')]?.data.length ?? 0);
    flops += 2 * k.length * positions;
    flopsNonzero += 2 * nz * positions;
  });
  return { params, flops, flopsNonzero };
}
