/**
 * 1-D k-means: the sorted/prefix-sum Lloyd iteration reaches the same fixed point as the
 * textbook O(n·k) Lloyd iteration from the same start, and finds well-separated clusters.
 */
import { kmeans1d } from '../../../lib/compress/index.js';
import { createRng } from '../nn/helpers.js';

/** Textbook Lloyd: assign each value to the nearest centroid (ties to the lower), then average. */
function naiveLloyd(values: number[], start: number[], iterations = 200): number[] {
  let c = [...start];
  for (let it = 0; it < iterations; it++) {
    const sum = new Array<number>(c.length).fill(0);
    const count = new Array<number>(c.length).fill(0);
    for (const v of values) {
      let best = 0;
      for (let j = 1; j < c.length; j++) if (Math.abs(v - c[j]!) < Math.abs(v - c[best]!)) best = j;
      sum[best]! += v;
      count[best]!++;
    }
    c = c.map((x, j) => (count[j] ? sum[j]! / count[j]! : x));
  }
  return c;
}

const rng = createRng(5, 'kmeans');
const centres = [-2, 0.5, 3];
const values: number[] = [];
for (let i = 0; i < 600; i++) values.push(centres[i % 3]! + 0.1 * rng.normal());

test('three separated clusters: the centroids are the clusters’ means and every point is assigned to its own', () => {
  for (const init of ['linear', 'density', 'random'] as const) {
    const r = kmeans1d(values, 3, { init, rng: createRng(1, 'init') });
    const means = centres.map((_, c) => {
      const own = values.filter((_, i) => i % 3 === c);
      return own.reduce((a, b) => a + b, 0) / own.length;
    });
    // float32 centroids: 1e-6 relative.
    means.forEach((m, c) => expect(r.centroids[c]).toBeCloseTo(m, 5));
    values.forEach((_, i) => expect(r.assignment[i]).toBe(i % 3));
  }
});

test('same fixed point as textbook Lloyd from the same linear start (noisy data, k = 8)', () => {
  const noisy = Array.from({ length: 500 }, () => rng.normal() * (rng.next() < 0.2 ? 3 : 1));
  const k = 8;
  const lo = Math.min(...noisy);
  const hi = Math.max(...noisy);
  const start = Array.from({ length: k }, (_, j) => lo + ((hi - lo) * j) / (k - 1));
  const want = naiveLloyd(noisy, start);
  const got = kmeans1d(noisy, k, { init: 'linear', maxIterations: 200 });
  want.forEach((w, j) => expect(got.centroids[j]).toBeCloseTo(w, 5));
  let inertia = 0;
  noisy.forEach((v, i) => (inertia += (v - got.centroids[got.assignment[i]!]!) ** 2));
  expect(got.inertia).toBeCloseTo(inertia, 6);
});

test('density init places centroids at quantiles; bad k is refused', () => {
  const r = kmeans1d([1, 2, 3, 4, 100], 2, { init: 'density', maxIterations: 0 });
  expect(Array.from(r.centroids)).toEqual([2, 4]);
  expect(() => kmeans1d([1], 0, { init: 'linear' })).toThrow(/k must be/);
  expect(() => kmeans1d([], 2, { init: 'linear' })).toThrow(/at least one value/);
});
