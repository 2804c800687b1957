/**
 * Sparsity: the smoothed L0.5 penalty (|w|^½ away from zero, a quartic blend inside |w| < a so
 * the gradient stays finite, as in Wu et al.'s smoothed L1/2 regularisation), magnitude pruning,
 * and the count of weights that actually reach the output (the complexity of a candidate).
 */
import { layoutOf, type SymNet } from './network.js';

/** Smoothed |w|^½ and its derivative; continuous with continuous slope at |w| = a. */
export function l05(w: number, a: number): { value: number; grad: number } {
  const x = Math.abs(w);
  if (x >= a) return { value: Math.sqrt(x), grad: Math.sign(w) / (2 * Math.sqrt(x)) };
  const inner = -(w ** 4) / (8 * a ** 3) + (3 * w * w) / (4 * a) + (3 * a) / 8;
  const dInner = -(w ** 3) / (2 * a ** 3) + (3 * w) / (2 * a);
  const value = Math.sqrt(inner);
  return { value, grad: dInner / (2 * value) };
}

/** Adds λ·∇Σ L0.5(w) over live weights to `grad`; returns λ·Σ L0.5. */
export function addL05(params: Float64Array, mask: Uint8Array, grad: Float64Array, lambda: number, a: number): number {
  let total = 0;
  for (let i = 0; i < params.length; i++) {
    if (!mask[i]) continue;
    const r = l05(params[i]!, a);
    total += r.value;
    grad[i] += lambda * r.grad;
  }
  return lambda * total;
}

/** Zeroes and masks weights with |w| < threshold; returns how many were pruned now. */
export function prune(net: SymNet, threshold: number): number {
  let k = 0;
  for (let i = 0; i < net.params.length; i++) {
    if (net.mask[i] && Math.abs(net.params[i]!) < threshold) {
      net.params[i] = 0;
      net.mask[i] = 0;
      k++;
    }
  }
  return k;
}

/**
 * Live weights on some path to the output: a unit counts when a live weight reads it, and its
 * weights count then. A unit whose every argument is identically zero contributes a constant
 * (0 for most units); it is treated as used, which overcounts slightly but never undercounts.
 */
export function activeWeights(net: SymNet): Uint8Array {
  const lay = layoutOf(net);
  const active = new Uint8Array(net.params.length);
  const live = (i: number) => net.mask[i] === 1 && net.params[i] !== 0;
  let used = new Set<number>();
  const o = lay.output;
  // Indices past a layer's unit count are skip connections (the inputs): nothing below them.
  for (let i = 0; i < o.fanIn; i++) if (live(o.off + i)) (active[o.off + i] = 1), used.add(i);
  if (live(o.off + o.fanIn)) active[o.off + o.fanIn] = 1;
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const below = new Set<number>();
    for (const u of used) {
      if (u >= net.layers[l]!.length) continue;
      for (const s of lay.unitSlots[l]![u]!) {
        for (let i = 0; i < s.fanIn; i++) if (live(s.off + i)) (active[s.off + i] = 1), below.add(i);
        if (live(s.off + s.fanIn)) active[s.off + s.fanIn] = 1;
      }
    }
    used = below;
  }
  return active;
}

export function complexity(net: SymNet): number {
  return activeWeights(net).reduce((a, b) => a + b, 0);
}

/** Units of each layer that reach the output, by name (for logs). */
export function activeUnits(net: SymNet): string[][] {
  const lay = layoutOf(net);
  const act = activeWeights(net);
  return net.layers.map((units, l) =>
    units.filter((_, u) => {
      // A unit is in use when a live weight of the next layer (or the output) reads it.
      const readers = l + 1 < net.layers.length ? lay.unitSlots[l + 1]!.flat() : [lay.output];
      return readers.some((s) => act[s.off + u] === 1);
    }),
  );
}
