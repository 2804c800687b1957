/**
 * Tightness and exactness. CROWN's bound of every neuron is never looser than IBP's on the same
 * network and box, and strictly tighter somewhere on random networks; on a 2-neuron network
 * the bounds equal values computed by hand; at eps = 0 every bound collapses onto the forward
 * pass. Tolerances: 1e-5 absolute for float32 sums of a few terms of size ≤ 10.
 */
import * as tf from '@tensorflow/tfjs';
import { crownBounds, ibpBounds, inputBox, marginBounds, type Interval } from '../../../lib/bounds/index.js';
import { forward, forwardTrace, type ModelSpec } from '../../../lib/nn/index.js';
import { convNet, data, mlpNet, randomInputs, randomParams, useCpu } from './helpers.js';

beforeAll(useCpu);

const free: [number, number] = [-Infinity, Infinity];

async function widths(i: Interval): Promise<{ lo: Float32Array; hi: Float32Array }> {
  return { lo: await data(i.lower), hi: await data(i.upper) };
}

describe.each([
  ['mlp', mlpNet],
  ['conv', convNet],
])('%s: CROWN vs IBP per neuron', (_name, spec) => {
  test('CROWN is inside IBP everywhere and strictly tighter somewhere', async () => {
    const params = randomParams(spec, 5);
    const x = randomInputs(spec, 4, 5);
    const box = inputBox(x, 0.1);
    const ibp = ibpBounds(spec, params, box);
    const crown = crownBounds(spec, params, box);
    let tighter = 0;
    for (let p = 0; p < ibp.length; p++) {
      const a = await widths(ibp[p]!);
      const b = await widths(crown[p]!);
      for (let i = 0; i < a.lo.length; i++) {
        expect(b.lo[i]!).toBeGreaterThanOrEqual(a.lo[i]! - 1e-6);
        expect(b.hi[i]!).toBeLessThanOrEqual(a.hi[i]! + 1e-6);
        if (b.hi[i]! - b.lo[i]! < a.hi[i]! - a.lo[i]! - 1e-4) tighter++;
      }
    }
    expect(tighter).toBeGreaterThan(0);
    const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
    const k = (spec.layers.at(-1) as { units: number }).units;
    const mi = marginBounds(spec, params, x, labels, k, { eps: 0.1, method: 'ibp' });
    const mc = marginBounds(spec, params, x, labels, k, { eps: 0.1, method: 'crown' });
    const [li, lc] = [await data(mi.lower), await data(mc.lower)];
    li.forEach((v, i) => expect(lc[i]!).toBeGreaterThanOrEqual(v - 1e-6));
    expect(lc.reduce((a, b) => a + b, 0)).toBeGreaterThan(li.reduce((a, b) => a + b, 0));
    tf.dispose([x, labels, mi.lower, mc.lower, box.lower, box.upper, ...ibp.flatMap((i) => [i.lower, i.upper]), ...crown.flatMap((i) => [i.lower, i.upper]), ...Object.values(params)]);
  });
});

describe('2-neuron network, hand-computed', () => {
  // h = (x1 + x2, x1 − x2), r = relu(h), z = (r1 + r2, r1 − r2), x ∈ [−1, 1]².
  const spec: ModelSpec = {
    type: 'sequential',
    inputShape: [2],
    layers: [
      { type: 'dense', name: 'h', units: 2, bias: false },
      { type: 'activation', fn: 'relu' },
      { type: 'dense', name: 'z', units: 2, bias: false },
    ],
  };
  const kernel = () => tf.tensor2d([[1, 1], [1, -1]]);
  let params: Record<string, tf.Tensor>;
  let box: Interval;
  beforeAll(() => {
    params = { 'h/kernel': kernel(), 'z/kernel': kernel() };
    box = inputBox(tf.tensor2d([[0, 0]]), 1, free);
  });

  test('IBP: h ∈ [−2, 2]², z1 ∈ [0, 4], z2 ∈ [−2, 2]', async () => {
    const b = ibpBounds(spec, params, box);
    expect(Array.from(await data(b[1]!.lower))).toEqual([-2, -2]);
    expect(Array.from(await data(b[3]!.lower))).toEqual([0, -2]);
    expect(Array.from(await data(b[3]!.upper))).toEqual([4, 2]);
  });

  test('CROWN: chord s = 1/2, intercept 1, lower slope 1 (u = −l): z1 ∈ [−2, 3], z2 ∈ [−3, 3] before intersecting', async () => {
    // Upper z1: r ≤ h/2 + 1 for both, z1 ≤ (x1+x2)/2 + (x1−x2)/2 + 2 = x1 + 2 ≤ 3.
    // Lower z1: r ≥ h, z1 ≥ 2·x1 ≥ −2.   z2 ≥ h1 − (h2/2 + 1) = x1/2 + 3x2/2 − 1 ≥ −3, and ≤ 3 likewise.
    const raw = crownBounds(spec, params, box, { intersectIbp: false });
    const lo = await data(raw[3]!.lower);
    const hi = await data(raw[3]!.upper);
    [-2, -3].forEach((v, i) => expect(lo[i]).toBeCloseTo(v, 5));
    [3, 3].forEach((v, i) => expect(hi[i]).toBeCloseTo(v, 5));
    const cut = crownBounds(spec, params, box);
    const [l2, h2] = [await data(cut[3]!.lower), await data(cut[3]!.upper)];
    [0, -2].forEach((v, i) => expect(l2[i]).toBeCloseTo(v, 5));
    [3, 2].forEach((v, i) => expect(h2[i]).toBeCloseTo(v, 5));
  });

  test('the lower slope follows the larger side: u < −l gives slope 0', async () => {
    // x ∈ [−1, 0.5] × [−0.5, 0.5]: h1 ∈ [−1.5, 1], u < −l → r1 ≥ 0; h2 ∈ [−1.5, 1] likewise.
    // z1 = r1 + r2 ≥ 0·h1 + 0·h2 = 0 (IBP also 0); the chord: s = 1/2.5 = 0.4, intercept 0.6.
    // z1 ≤ 0.4(h1 + h2) + 1.2 = 0.8·x1 + 1.2 ≤ 1.6, while IBP gives 2.
    const shrunk = { lower: tf.tensor2d([[-1, -0.5]]), upper: tf.tensor2d([[0.5, 0.5]]) };
    const raw = crownBounds(spec, params, shrunk, { intersectIbp: false });
    expect((await data(raw[3]!.lower))[0]).toBeCloseTo(0, 5);
    expect((await data(raw[3]!.upper))[0]).toBeCloseTo(1.6, 5);
    expect((await data(ibpBounds(spec, params, shrunk)[3]!.upper))[0]).toBeCloseTo(2, 5);
  });

  test('the box is clipped to the domain', async () => {
    const b = inputBox(tf.tensor2d([[0.05, 0.98]]), 0.1);
    expect(Array.from(await data(b.lower)).map((v) => +v.toFixed(6))).toEqual([0, 0.88]);
    expect(Array.from(await data(b.upper)).map((v) => +v.toFixed(6))).toEqual([0.15, 1]);
  });
});

describe.each([
  ['mlp', mlpNet],
  ['conv', convNet],
])('%s at eps = 0', (_name, spec) => {
  test('every bound collapses onto the forward pass', async () => {
    const params = randomParams(spec, 7);
    const x = randomInputs(spec, 3, 7);
    const trace = forwardTrace(spec, params, x, { training: false });
    for (const bounds of [ibpBounds(spec, params, inputBox(x, 0)), crownBounds(spec, params, inputBox(x, 0))]) {
      for (let p = 1; p < bounds.length; p++) {
        const want = await data(trace[p - 1]!);
        const [lo, hi] = [await data(bounds[p]!.lower), await data(bounds[p]!.upper)];
        want.forEach((v, i) => {
          expect(Math.abs(lo[i]! - v)).toBeLessThan(1e-5 * (1 + Math.abs(v)));
          expect(Math.abs(hi[i]! - v)).toBeLessThan(1e-5 * (1 + Math.abs(v)));
        });
      }
    }
    const labels = tf.tensor1d([2, 0, 1], 'int32');
    const k = (spec.layers.at(-1) as { units: number }).units;
    const z = await data(forward(spec, params, x, { training: false }));
    for (const method of ['ibp', 'crown-ibp', 'crown'] as const) {
      const m = marginBounds(spec, params, x, labels, k, { eps: 0, method, upper: true });
      const [lo, hi] = [await data(m.lower), await data(m.upper!)];
      [2, 0, 1].forEach((y, b) => {
        for (let j = 0; j < k; j++) {
          const want = z[b * k + y]! - z[b * k + j]!;
          expect(Math.abs(lo[b * k + j]! - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
          expect(Math.abs(hi[b * k + j]! - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
        }
      });
    }
  });
});
