/**
 * How a global density is spread over layers.
 *
 * - uniform: every layer gets the same density.
 * - erk (Erdős–Rényi-kernel, Evci et al. 2020, RigL): layer l's density is proportional to
 *   Σ dims / Π dims of its kernel ((n_in + n_out)/(n_in·n_out) for dense, with kh + kw added for
 *   conv), so small layers stay denser. The scale ε is solved so the total number of kept
 *   weights equals density · total; a layer whose density would exceed 1 is made dense and ε
 *   solved again over the rest (the RigL reference algorithm).
 */
import type { PruneTarget } from './targets.js';

export const ALLOCATIONS = ['uniform', 'erk'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];

/** Density (fraction kept) per target name. */
export type Densities = Record<string, number>;

export function uniformDensities(targets: PruneTarget[], density: number): Densities {
  return Object.fromEntries(targets.map((t) => [t.name, density]));
}

function erkRaw(t: PruneTarget): number {
  return t.shape.reduce((a, b) => a + b, 0) / t.size;
}

export function erkDensities(targets: PruneTarget[], density: number): Densities {
  const total = targets.reduce((a, t) => a + t.size, 0);
  const dense = new Set<string>();
  for (;;) {
    const budget = density * total - targets.filter((t) => dense.has(t.name)).reduce((a, t) => a + t.size, 0);
    const rest = targets.filter((t) => !dense.has(t.name));
    const weight = rest.reduce((a, t) => a + erkRaw(t) * t.size, 0);
    const eps = rest.length ? budget / weight : 0;
    const over = rest.filter((t) => eps * erkRaw(t) > 1);
    if (!over.length) {
      return Object.fromEntries(targets.map((t) => [t.name, dense.has(t.name) ? 1 : Math.max(0, eps * erkRaw(t))]));
    }
    for (const t of over) dense.add(t.name);
  }
}

export function allocate(kind: Allocation, targets: PruneTarget[], density: number): Densities {
  return kind === 'erk' ? erkDensities(targets, density) : uniformDensities(targets, density);
}

/** Weights to keep per target: round(density · size), at least 1 so no layer is cut off. */
export function keepCounts(targets: PruneTarget[], densities: Densities): Record<string, number> {
  return Object.fromEntries(targets.map((t) => [t.name, Math.max(1, Math.min(t.size, Math.round(densities[t.name]! * t.size)))]));
}
