/**
 * Magnitude pruning: keep the weights of largest |w|, per layer (each layer at its own
 * density) or globally (one threshold over every target, so layers end up with different
 * densities). Already-pruned weights are zero, so they stay pruned as sparsity grows.
 */
import type { ParamArrays } from '../nn/index.js';
import { keepCounts, type Densities } from './allocation.js';
import { topK } from './select.js';
import type { PruneTarget } from './targets.js';

export type Scope = 'layer' | 'global';
export type Masks = Record<string, Uint8Array>;

export function magnitudeScores(data: Float32Array, mask?: Uint8Array): Float32Array {
  const s = new Float32Array(data.length);
  // A pruned weight may hold a value mid-step; it must not outrank a kept one.
  for (let i = 0; i < data.length; i++) s[i] = mask && !mask[i] ? -1 : Math.abs(data[i]!);
  return s;
}

/** Per-layer masks at the given densities. */
export function layerMagnitudeMasks(params: ParamArrays, targets: PruneTarget[], densities: Densities, current?: Masks): Masks {
  const keep = keepCounts(targets, densities);
  return Object.fromEntries(targets.map((t) => [t.name, topK(magnitudeScores(params[t.name]!.data, current?.[t.name]), keep[t.name]!)]));
}

/** One threshold over all targets: the round(density · total) largest |w| survive. */
export function globalMagnitudeMasks(params: ParamArrays, targets: PruneTarget[], density: number, current?: Masks): Masks {
  const total = targets.reduce((a, t) => a + t.size, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const t of targets) {
    all.set(magnitudeScores(params[t.name]!.data, current?.[t.name]), off);
    off += t.size;
  }
  const keep = topK(all, Math.round(density * total));
  off = 0;
  const out: Masks = {};
  for (const t of targets) {
    out[t.name] = keep.slice(off, off + t.size);
    off += t.size;
  }
  return out;
}

export function magnitudeMasks(
  params: ParamArrays,
  targets: PruneTarget[],
  o: { scope: Scope; density: number; densities?: Densities; current?: Masks },
): Masks {
  if (o.scope === 'global') return globalMagnitudeMasks(params, targets, o.density, o.current);
  const densities = o.densities ?? Object.fromEntries(targets.map((t) => [t.name, o.density]));
  return layerMagnitudeMasks(params, targets, densities, o.current);
}

/** A copy of `params` with masked-out weights set to +0. */
export function applyMaskArrays(params: ParamArrays, masks: Masks): ParamArrays {
  const out: ParamArrays = {};
  for (const [k, p] of Object.entries(params)) {
    const m = masks[k];
    const data = p.data.slice();
    if (m) for (let i = 0; i < data.length; i++) if (!m[i]) data[i] = 0;
    out[k] = { shape: [...p.shape], data };
  }
  return out;
}
