/**
 * Swapping one layer of a sequential model for a cheaper sequence (a factorised dense layer, a
 * Tucker/CP or depthwise-separable convolution): the spec, its parameters and the compression
 * metadata of the old layer are replaced together; the result is checked against its spec.
 */
import { checkModel, type LayerSpec, type Model, type ModelSpec, type ParamArray, type ParamArrays } from '../nn/index.js';
import { compressionOf, withCompression } from './meta.js';

export interface Replacement {
  layers: LayerSpec[];
  /** Keyed `<new layer>/<role>`. */
  params: ParamArrays;
}

/** `base`, or `base_2`, `base_3`, ... : the first name no layer of `spec` uses. */
export function freshName(spec: ModelSpec, base: string, taken: Set<string> = new Set()): string {
  const used = new Set([...taken, ...spec.layers.flatMap((l) => ('name' in l ? [l.name] : []))]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function replaceLayer(model: Model, index: number, r: Replacement): Model {
  const old = model.arch.layers[index]!;
  const prefix = 'name' in old ? `${old.name}/` : undefined;
  const layers = [...model.arch.layers];
  layers.splice(index, 1, ...r.layers);
  const params: ParamArrays = {};
  for (const [k, p] of Object.entries(model.params)) if (!prefix || !k.startsWith(prefix)) params[k] = p;
  Object.assign(params, r.params);
  const out: Model = { ...model, arch: { ...model.arch, layers }, params };
  if (model.masks) {
    const masks = Object.fromEntries(Object.entries(model.masks).filter(([k]) => !prefix || !k.startsWith(prefix)));
    if (Object.keys(masks).length) out.masks = masks;
    else delete out.masks;
  }
  const c = compressionOf(model);
  if (prefix) {
    for (const k of Object.keys(c.codebooks)) if (k.startsWith(prefix)) delete c.codebooks[k];
    for (const k of Object.keys(c.quant)) if (k.startsWith(prefix)) delete c.quant[k];
  }
  const result = withCompression(out, c);
  checkModel(result);
  return result;
}

export function param(shape: number[], data: ArrayLike<number>): ParamArray {
  return { shape, data: Float32Array.from(data) };
}
