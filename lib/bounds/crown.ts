/**
 * CROWN bounds at every position (Zhang et al. 2018): for each relu's input, the bound of every
 * neuron is found by carrying the identity back to the input through the relaxations of the
 * earlier relus (whose bounds are already known), then taking its extremes over the input box.
 * Every position is also bounded by IBP from the refined bounds of the position before it, and
 * the two sound bounds are intersected: so a CROWN bound is never looser than IBP's, neuron by
 * neuron, and the tighter intermediate bounds make the later relaxations tighter too.
 *
 * `intermediate: 'ibp'` keeps IBP for the relu inputs (CROWN-IBP's choice: one backward pass in
 * all, from the output only), for networks whose layers are too wide for a pass per neuron.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, ParamTensors } from '../nn/index.js';
import { backward, concretize, type BackwardState } from './backward.js';
import { ibpBounds, ibpLayer, inputPosition } from './ibp.js';
import { intersect, type Interval } from './interval.js';
import { checkBoundable, layerRole, positionShapes } from './network.js';
import { reluRelaxation, type ReluRelaxation } from './relu-relaxation.js';

export interface CrownOptions {
  intermediate?: 'crown' | 'ibp';
  /** Intersect with IBP (default true). Off only to inspect CROWN's own bound. */
  intersectIbp?: boolean;
  /** Largest A tensor of one backward pass, in floats (rows are chunked to stay below it). */
  maxFloats?: number;
}

export interface Relaxations {
  get(layer: number): ReluRelaxation;
  dispose(): void;
}

/** Relaxations of the relus, computed once per layer from the bounds at its input. */
export function relaxations(bounds: Interval[]): Relaxations {
  const cache = new Map<number, ReluRelaxation>();
  return {
    get(layer) {
      let r = cache.get(layer);
      if (!r) {
        if (!bounds[layer]) throw new Error(`no bounds at the input of layer ${layer}`);
        // Kept: the first request may come from inside a caller's tf.tidy.
        const fresh = reluRelaxation(bounds[layer]!);
        r = { alpha: tf.keep(fresh.alpha), slope: tf.keep(fresh.slope), intercept: tf.keep(fresh.intercept) };
        cache.set(layer, r);
      }
      return r;
    },
    dispose() {
      for (const r of cache.values()) tf.dispose([r.alpha, r.slope, r.intercept]);
      cache.clear();
    },
  };
}

/**
 * CROWN bounds of every neuron at position p, by carrying the identity back to the input box.
 * The n rows of the identity go in chunks so that no A tensor exceeds `maxFloats`.
 */
export function identityBounds(
  spec: ModelSpec,
  params: ParamTensors,
  shapes: number[][],
  p: number,
  relax: (layer: number) => ReluRelaxation,
  box: Interval,
  maxFloats = 1 << 24,
): Interval {
  const shape = shapes[p]!;
  const n = shape.reduce((a, b) => a * b, 1);
  const batch = box.lower.shape[0]!;
  const widest = Math.max(...shapes.slice(0, p + 1).map((s) => s.reduce((a, b) => a * b, 1)));
  const chunk = Math.max(1, Math.min(n, Math.floor(maxFloats / (batch * widest))));
  const lowers: tf.Tensor[] = [];
  const uppers: tf.Tensor[] = [];
  for (let start = 0; start < n; start += chunk) {
    const k = Math.min(chunk, n - start);
    const [lo, up] = tf.tidy(() => {
      const rows = tf.slice(tf.eye(n), [start, 0], [k, n]);
      const A = tf.tile(tf.reshape(rows, [1, k, ...shape]), [batch, 1, ...shape.map(() => 1)]);
      const f = { A, bias: tf.zeros([batch, k]) };
      const state: BackwardState = { lower: f, upper: f };
      const out = concretize(backward(spec, params, shapes, state, p, 0, relax), box);
      return [out.lower!, out.upper!];
    });
    lowers.push(lo);
    uppers.push(up);
  }
  const join = (ts: tf.Tensor[]) => tf.tidy(() => tf.reshape(ts.length === 1 ? ts[0]! : tf.concat(ts, 1), [batch, ...shape]));
  const out = { lower: join(lowers), upper: join(uppers) };
  tf.dispose([...lowers, ...uppers]);
  return out;
}

/**
 * Bounds at every position, CROWN-refined at each relu input (and at the logits). `box` is the
 * input box, [batch, ...inputShape] or flat rows. The caller disposes every position.
 */
export function crownBounds(spec: ModelSpec, params: ParamTensors, box: Interval, o: CrownOptions = {}): Interval[] {
  checkBoundable(spec, 'crown');
  if (o.intermediate === 'ibp') return ibpBounds(spec, params, box);
  const shapes = positionShapes(spec);
  const n = spec.layers.length;
  const bounds: Interval[] = [inputPosition(spec, box)];
  const relax = relaxations(bounds);
  // Positions whose CROWN bound can differ from IBP's: a relu's input, and the logits, once a
  // relu lies between them and the input (through affine layers alone both bounds are exact).
  const firstRelu = spec.layers.findIndex((l) => layerRole(l) === 'relu');
  const refine = (p: number) => firstRelu >= 0 && p > firstRelu && (p === n || layerRole(spec.layers[p]!) === 'relu');
  try {
    for (let i = 0; i < n; i++) {
    const next = ibpLayer(spec.layers[i]!, i, params, bounds[i]!);
    if (!refine(i + 1)) {
      bounds.push(next);
      continue;
    }
    const own = identityBounds(spec, params, shapes, i + 1, relax.get, bounds[0]!, o.maxFloats);
    if (o.intersectIbp === false) {
      bounds.push(own);
      tf.dispose([next.lower, next.upper]);
    } else {
      bounds.push(intersect(next, own));
      tf.dispose([next.lower, next.upper, own.lower, own.upper]);
    }
    }
  } finally {
    relax.dispose();
  }
  return bounds;
}
