/**
 * Which layers a compression method acts on: by default every layer of the kinds it handles,
 * or the layers named in its `layers` option. A name that is unknown, or whose layer the method
 * cannot compress, is an OptionValueError at its index in `layers`, naming the layer and its type.
 */
import { OptionValueError, paramName, type LayerSpec, type ModelSpec } from '../nn/index.js';

export type WeightedType = 'dense' | 'conv2d' | 'depthwise_conv2d';
export type WeightedLayer = Extract<LayerSpec, { type: WeightedType }>;

export interface LayerTarget<L extends LayerSpec = WeightedLayer> {
  layer: L;
  index: number;
  /** `<layer>/kernel` */
  kernel: string;
}

const describe = (l: LayerSpec): string => ('name' in l ? `'${l.name}' (${l.type})` : l.type);

/**
 * Layers accepted by `accepts` (every one when `layers` is omitted; then none is an error only
 * if `what` is given); `what` names the method's scope in messages, e.g. "dense or conv2d".
 */
export function selectLayers<L extends LayerSpec>(
  spec: ModelSpec,
  layers: string[] | undefined,
  accepts: (l: LayerSpec) => l is L,
  what: string,
): LayerTarget<L>[] {
  const all: LayerTarget<L>[] = [];
  spec.layers.forEach((l, index) => {
    if (accepts(l)) all.push({ layer: l, index, kernel: paramName((l as { name: string }).name, 'kernel') });
  });
  if (!layers) {
    if (!all.length) throw new OptionValueError(`the model has no ${what} layer to compress`, [], `its layers: ${spec.layers.map(describe).join(', ')}`);
    return all;
  }
  return layers.map((name, i) => {
    const t = all.find((x) => (x.layer as { name: string }).name === name);
    if (t) return t;
    const l = spec.layers.find((x) => 'name' in x && x.name === name);
    const known = all.map((x) => (x.layer as { name: string }).name).join(', ') || 'none';
    if (l) throw new OptionValueError(`layer ${describe(l)} cannot be compressed by this method, which takes ${what} layers`, [i], `layers it can compress: ${known}`);
    throw new OptionValueError(`the model has no layer '${name}'`, [i], `layers it can compress: ${known}`);
  });
}

export const isWeighted = (l: LayerSpec): l is WeightedLayer => l.type === 'dense' || l.type === 'conv2d' || l.type === 'depthwise_conv2d';
