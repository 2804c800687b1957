/**
 * Where the auxiliary head sits: `aux_after: conv1` names a layer; the head reads the output of
 * that layer's block — the layer and everything after it up to the next weight layer (its
 * activation, pooling, batch norm, flatten). Layers before the cut are the "lower layers" the
 * forget step trains.
 */
import { layerShapes, paramInfos, type LayerSpec, type ModelSpec } from '../nn/index.js';

export interface AuxPoint {
  /** The named layer. */
  layer: string;
  /** Layers [0, cut) are the lower layers; the head reads their output. */
  cut: number;
  /** Output shape of the lower layers (without the batch axis). */
  featureShape: number[];
  /** Trainable parameters of the lower layers. */
  lowerParams: string[];
}

/** A name that is not a usable attachment point; `hint` lists the ones that are. */
export class AuxPointError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'AuxPointError';
  }
}

const isWeightLayer = (l: LayerSpec): boolean => l.type === 'dense' || l.type === 'conv2d';

/** End (exclusive) of the block that starts at layer i. */
function blockEnd(spec: ModelSpec, i: number): number {
  let j = i + 1;
  while (j < spec.layers.length && !isWeightLayer(spec.layers[j]!)) j++;
  return j;
}

/** Named layers whose block ends before the last weight layer (the output layer). */
export function auxCandidates(spec: ModelSpec): string[] {
  const out: string[] = [];
  spec.layers.forEach((l, i) => {
    if ('name' in l && blockEnd(spec, i) < spec.layers.length) out.push(l.name);
  });
  return out;
}

export function resolveAuxPoint(spec: ModelSpec, layer: string): AuxPoint {
  const candidates = auxCandidates(spec);
  const hint = candidates.length ? `layers to attach to: ${candidates.join(', ')}` : 'the model has no layer below its output layer';
  const index = spec.layers.findIndex((l) => 'name' in l && l.name === layer);
  if (index < 0) {
    const all = spec.layers.flatMap((l) => ('name' in l ? [l.name] : []));
    throw new AuxPointError(`the model has no layer '${layer}' (its layers: ${all.join(', ')})`, hint);
  }
  if (!candidates.includes(layer)) {
    throw new AuxPointError(`'${layer}' is the output layer; the auxiliary head needs a layer below it`, hint);
  }
  const cut = blockEnd(spec, index);
  return {
    layer,
    cut,
    featureShape: layerShapes(spec)[cut]!,
    lowerParams: paramInfos(spec)
      .filter((p) => p.trainable && p.layer < cut)
      .map((p) => p.name),
  };
}
