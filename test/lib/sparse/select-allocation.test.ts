/** Top-k selection, magnitude masks and ERK/uniform allocation against brute-force oracles. */
import { createRng } from '../../../kernel/rng.js';
import { initModel, mlpSpec, cnnSpec } from '../../../lib/nn/index.js';
import {
  erkDensities,
  globalMagnitudeMasks,
  keepCounts,
  layerMagnitudeMasks,
  pruneTargets,
  topK,
  uniformDensities,
  countOnes,
} from '../../../lib/sparse/index.js';

/** The k largest by a full sort of (value desc, index asc): an independent oracle. */
function bruteTopK(xs: ArrayLike<number>, k: number): Set<number> {
  const idx = Array.from({ length: xs.length }, (_, i) => i);
  idx.sort((a, b) => xs[b]! - xs[a]! || a - b);
  return new Set(idx.slice(0, k));
}

test('topK keeps exactly k, the largest, ties to the lower index', () => {
  const rng = createRng(5, 'x');
  for (const n of [1, 7, 100]) {
    // Few distinct values, so ties at the threshold are common.
    const xs = Float32Array.from({ length: n }, () => rng.int(5));
    for (const k of [0, 1, Math.floor(n / 2), n]) {
      const m = topK(xs, k);
      expect(countOnes(m)).toBe(k);
      const want = bruteTopK(xs, k);
      m.forEach((v, i) => expect(v === 1).toBe(want.has(i)));
    }
  }
});

const mlp = initModel(mlpSpec({ inputShape: [20], units: [30, 10, 4], activation: 'relu', dropout: 0 }), createRng(1));

test('layer-wise magnitude masks keep the largest |w| of each layer', () => {
  const targets = pruneTargets(mlp.arch);
  expect(targets.map((t) => t.name)).toEqual(['dense1/kernel', 'dense2/kernel', 'dense3/kernel']);
  const masks = layerMagnitudeMasks(mlp.params, targets, uniformDensities(targets, 0.3));
  for (const t of targets) {
    const k = Math.round(0.3 * t.size);
    const want = bruteTopK(mlp.params[t.name]!.data.map(Math.abs), k);
    masks[t.name]!.forEach((v, i) => expect(v === 1).toBe(want.has(i)));
  }
});

test('global magnitude masks use one threshold over every layer', () => {
  const targets = pruneTargets(mlp.arch);
  const masks = globalMagnitudeMasks(mlp.params, targets, 0.1);
  const all = targets.flatMap((t) => Array.from(mlp.params[t.name]!.data, Math.abs));
  const total = all.length;
  const threshold = [...all].sort((a, b) => b - a)[Math.round(0.1 * total) - 1]!;
  let kept = 0;
  for (const t of targets) {
    masks[t.name]!.forEach((v, i) => {
      kept += v;
      expect(v === 1).toBe(Math.abs(mlp.params[t.name]!.data[i]!) >= threshold);
    });
  }
  expect(kept).toBe(Math.round(0.1 * total));
});

test('ERK: total density met, small layers denser, proportional to (Σ dims)/(Π dims) where not capped', () => {
  const spec = cnnSpec({ inputShape: [12, 12, 1], channels: [4, 8], kernel: 3, pool: 2, dense: 16, numClasses: 10, activation: 'relu', padding: 'same', dropout: 0 });
  const targets = pruneTargets(spec);
  for (const density of [0.05, 0.2, 0.5]) {
    const d = erkDensities(targets, density);
    const total = targets.reduce((a, t) => a + t.size, 0);
    const kept = targets.reduce((a, t) => a + d[t.name]! * t.size, 0);
    expect(kept / total).toBeCloseTo(density, 10);
    const free = targets.filter((t) => d[t.name]! < 1);
    const raw = (t: (typeof targets)[number]) => t.shape.reduce((a, b) => a + b, 0) / t.size;
    for (const t of free) expect(d[t.name]! / raw(t)).toBeCloseTo(d[free[0]!.name]! / raw(free[0]!), 10);
    for (const t of targets) expect(d[t.name]!).toBeLessThanOrEqual(1);
  }
  // At 0.5 the 1-channel first conv (9·4 weights, raw 16/36) would exceed 1: it is made dense.
  expect(erkDensities(targets, 0.5)['conv1/kernel']).toBe(1);
  const counts = keepCounts(targets, uniformDensities(targets, 0.001));
  for (const t of targets) expect(counts[t.name]).toBeGreaterThanOrEqual(1);
});

test('unknown layer names throw with their index', () => {
  expect(() => pruneTargets(mlp.arch, ['dense1', 'dense9'])).toThrow(expect.objectContaining({ path: [1] }));
});
