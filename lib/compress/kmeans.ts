/**
 * One-dimensional k-means (Lloyd's algorithm) for weight sharing. In one dimension the clusters
 * of a fixed set of centroids are contiguous runs of the sorted values (split at the midpoints
 * between neighbouring centroids), so after one sort every iteration costs O(k log n): binary
 * searches for the split points and prefix sums for the means. Same fixed point as the textbook
 * O(n·k) iteration, far cheaper on the 10⁵–10⁶ weights of a layer.
 *
 * Initialisations (Han et al., Deep Compression, §3.1): `linear` spaces the centroids evenly
 * over [min, max] (keeps the rare large weights, which matter most); `density` puts them at
 * quantiles of the values (dense where the weights are); `random` (Forgy) picks values at random.
 */
import type { RandomSource } from '../data/random.js';

export const KMEANS_INITS = ['linear', 'density', 'random'] as const;
export type KmeansInit = (typeof KMEANS_INITS)[number];

export interface KmeansOptions {
  init: KmeansInit;
  /** Needed by `random`. */
  rng?: RandomSource;
  /** Default 100; Lloyd usually stops far earlier (when no value changes cluster). */
  maxIterations?: number;
}

export interface KmeansResult {
  /** Ascending, float32-representable (what the shared weights will hold). */
  centroids: Float32Array;
  /** Cluster of each value, in input order. */
  assignment: Uint16Array;
  iterations: number;
  /** Sum of squared distances of the values to their centroids. */
  inertia: number;
}

function initialCentroids(sorted: Float64Array, k: number, o: KmeansOptions): Float64Array {
  const n = sorted.length;
  const c = new Float64Array(k);
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  for (let j = 0; j < k; j++) {
    if (o.init === 'linear') c[j] = k === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * j) / (k - 1);
    else if (o.init === 'density') c[j] = sorted[Math.min(n - 1, Math.floor(((j + 0.5) / k) * n))]!;
    else {
      if (!o.rng) throw new Error('random k-means initialisation needs a random source');
      c[j] = sorted[o.rng.int(n)]!;
    }
  }
  return c.sort();
}

/** First index in `sorted` whose value is > x (values equal to a midpoint go to the lower cluster). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cluster `values` into `k` groups (k ≤ 65,536); needs at least one value. */
export function kmeans1d(values: ArrayLike<number>, k: number, o: KmeansOptions): KmeansResult {
  const n = values.length;
  if (n === 0) throw new Error('k-means needs at least one value');
  if (!(Number.isInteger(k) && k >= 1 && k <= 65536)) throw new Error(`k must be an integer in 1..65536, got ${k}`);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const sorted = Float64Array.from(order, (i) => values[i]!);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  const c = initialCentroids(sorted, k, o);
  // ends[j]: one past the last sorted index of cluster j.
  let ends = new Int32Array(k);
  let iterations = 0;
  const maxIterations = o.maxIterations ?? 100;
  for (; iterations < maxIterations; iterations++) {
    const next = new Int32Array(k);
    for (let j = 0; j < k - 1; j++) next[j] = upperBound(sorted, (c[j]! + c[j + 1]!) / 2);
    next[k - 1] = n;
    let changed = iterations === 0;
    let start = 0;
    for (let j = 0; j < k; j++) {
      if (next[j] !== ends[j]) changed = true;
      const end = Math.max(start, next[j]!);
      // An empty cluster keeps its centroid (it may fill again as its neighbours move).
      if (end > start) c[j] = (prefix[end]! - prefix[start]!) / (end - start);
      start = end;
    }
    ends = next;
    if (!changed) break;
  }
  const centroids = Float32Array.from(c);
  const assignment = new Uint16Array(n);
  let inertia = 0;
  let start = 0;
  for (let j = 0; j < k; j++) {
    for (let p = start; p < ends[j]!; p++) {
      assignment[order[p]!] = j;
      inertia += (sorted[p]! - centroids[j]!) ** 2;
    }
    start = Math.max(start, ends[j]!);
  }
  return { centroids, assignment, iterations, inertia };
}
