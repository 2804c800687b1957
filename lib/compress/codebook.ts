/**
 * Weight sharing (Deep Compression, stage 2): each chosen kernel's weights are clustered into
 * 2^bits shared values by 1-D k-means; pruned weights (mask 0) stay exactly 0 and are not
 * clustered. Fine-tuning then trains the centroids themselves: the network's weights are
 * gathered from the codebook on every step, so a centroid's gradient is the sum of the gradients
 * of the weights that share it.
 */
import * as tf from '@tensorflow/tfjs';
import { type Model, type ParamArrays, type ParamTensors, type ParamVariables } from '../nn/index.js';
import { kmeans1d, type KmeansOptions } from './kmeans.js';
import { compressionOf, withCompression, type CodebookMeta } from './meta.js';
import type { Derive } from './train-derived.js';

export interface ShareTarget {
  /** Parameter name, `<layer>/kernel`. */
  name: string;
  bits: number;
}

/** Replaces each target's kept weights by their centroid; records the codebooks in meta. */
export function shareWeights(model: Model, targets: ShareTarget[], o: KmeansOptions): { model: Model; inertia: Record<string, number> } {
  const params: ParamArrays = { ...model.params };
  const c = compressionOf(model);
  const inertia: Record<string, number> = {};
  for (const t of targets) {
    const p = model.params[t.name]!;
    const mask = model.masks?.[t.name];
    const kept: number[] = [];
    for (let i = 0; i < p.data.length; i++) if (!mask || mask[i]) kept.push(i);
    const data = new Float32Array(p.data.length);
    if (kept.length) {
      const r = kmeans1d(Float64Array.from(kept, (i) => p.data[i]!), 2 ** t.bits, o);
      kept.forEach((i, j) => (data[i] = r.centroids[r.assignment[j]!]!));
      c.codebooks[t.name] = { bits: t.bits, centroids: Array.from(r.centroids) };
      inertia[t.name] = r.inertia;
    } else {
      c.codebooks[t.name] = { bits: t.bits, centroids: [0] };
    }
    delete c.quant[t.name];
    params[t.name] = { shape: [...p.shape], data };
  }
  return { model: withCompression({ ...model, params }, c), inertia };
}

/**
 * Index of every value in `centroids` (exact match; the order of `centroids` is free). Entries
 * with `keep` 0 get index 0. Throws when a kept value is no centroid.
 */
export function codebookIndices(values: Float32Array, centroids: ArrayLike<number>, what: string, keep?: Uint8Array): Uint16Array {
  const c = Float32Array.from(centroids);
  const order = Uint32Array.from(c.keys()).sort((a, b) => c[a]! - c[b]!);
  const sorted = Float32Array.from(order, (i) => c[i]!);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (keep && !keep[i]) continue;
    const v = values[i]!;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (sorted[lo] !== v) throw new Error(`${what}: weight ${v} at ${i} is not in its codebook (did a later stage change the weights?)`);
    out[i] = order[lo]!;
  }
  return out;
}

/** Trainable centroids (`<kernel>#centroids`) and the derivation of the full parameters. */
export interface SharedParametrisation {
  raw: ParamVariables;
  derive: Derive;
  /** The model with the trained centroids written back into its weights and codebooks. */
  read(): Promise<Model>;
  dispose(): void;
}

const centroidKey = (name: string) => `${name}#centroids`;

export function sharedParametrisation(model: Model, trainable: string[]): SharedParametrisation {
  const books = compressionOf(model).codebooks;
  const constants: ParamTensors = {};
  const raw: ParamVariables = {};
  const gathers: Record<string, { index: tf.Tensor; mask?: tf.Tensor; shape: number[] }> = {};
  for (const [name, p] of Object.entries(model.params)) {
    const book = books[name];
    if (book) {
      const mask = model.masks?.[name];
      const index = codebookIndices(p.data, book.centroids, name, mask);
      raw[centroidKey(name)] = tf.tidy(() => tf.variable(tf.tensor1d(book.centroids, 'float32'), true));
      gathers[name] = {
        index: tf.tensor1d(Int32Array.from(index), 'int32'),
        shape: p.shape,
        ...(mask ? { mask: tf.tensor(Float32Array.from(mask), p.shape, 'float32') } : {}),
      };
    } else if (trainable.includes(name)) {
      raw[name] = tf.tidy(() => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true));
    } else {
      constants[name] = tf.tensor(p.data, p.shape, 'float32');
    }
  }
  const derive: Derive = (r) => {
    const out: ParamTensors = { ...constants };
    for (const [name, t] of Object.entries(r)) if (!name.endsWith('#centroids')) out[name] = t;
    for (const [name, g] of Object.entries(gathers)) {
      const w = tf.reshape(tf.gather(r[centroidKey(name)]!, g.index), g.shape);
      out[name] = g.mask ? tf.mul(w, g.mask) : w;
    }
    return out;
  };
  const read = async (): Promise<Model> => {
    const c = compressionOf(model);
    const params: ParamArrays = { ...model.params };
    for (const [name, t] of Object.entries(raw)) {
      if (!name.endsWith('#centroids')) params[name] = { shape: [...t.shape], data: new Float32Array(await t.data()) };
    }
    for (const [name, g] of Object.entries(gathers)) {
      const centroids = new Float32Array(await raw[centroidKey(name)]!.data());
      const index = await g.index.data();
      const mask = model.masks?.[name];
      const data = Float32Array.from(index, (k, i) => (mask && !mask[i] ? 0 : centroids[k]!));
      params[name] = { shape: [...g.shape], data };
      c.codebooks[name] = { ...(c.codebooks[name] as CodebookMeta), centroids: Array.from(centroids) };
    }
    return withCompression({ ...model, params }, c);
  };
  const dispose = () => {
    tf.dispose([...Object.values(raw), ...Object.values(constants)]);
    for (const g of Object.values(gathers)) tf.dispose([g.index, ...(g.mask ? [g.mask] : [])]);
  };
  return { raw, derive, read, dispose };
}
