/** SIREN: the initialisation's bounds and statistics, and the forward pass against plain JS. */
import * as tf from '@tensorflow/tfjs';
import { gridCoords, initSiren, sirenForward, sirenInitBound, type SirenSpec } from '../../../lib/inr/index.js';
import { paramsToTensors } from '../../../lib/nn/index.js';
import { rng, useCpu } from './helpers.js';

beforeAll(useCpu);

const spec: SirenSpec = { type: 'siren', inDim: 2, outDim: 1, layers: 4, width: 256, w0: 30 };

function stats(xs: Float32Array): { mean: number; variance: number; maxAbs: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, variance, maxAbs: xs.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
}

describe('initSiren', () => {
  const model = initSiren(spec, rng('stats'));

  it('draws the first layer from U(−1/n, 1/n) and later ones from U(−√(6/n)/w0, √(6/n)/w0)', () => {
    expect(sirenInitBound(spec, 0)).toBe(1 / 2);
    expect(sirenInitBound(spec, 1)).toBeCloseTo(Math.sqrt(6 / 256) / 30, 12);
    for (let i = 0; i < spec.layers; i++) {
      const w = model.params[`l${i}/kernel`]!;
      const bound = sirenInitBound(spec, i);
      const s = stats(w.data);
      expect(s.maxAbs).toBeLessThanOrEqual(bound);
      expect(s.maxAbs).toBeGreaterThan(0.95 * bound); // the whole interval is used
      // Uniform on (−b, b): mean 0, variance b²/3. Relative standard error of the variance
      // estimate is 0.9/√N: 4% for the 512 first-layer weights, 0.35% for the 65,536 others.
      const tol = w.data.length < 1000 ? 0.15 : 0.03;
      expect(Math.abs(s.variance / (bound * bound / 3) - 1)).toBeLessThan(tol);
      expect(Math.abs(s.mean)).toBeLessThan(4 * bound / Math.sqrt(3 * w.data.length));
    }
    expect(model.params['l0/kernel']!.shape).toEqual([2, 256]);
    expect(model.params['l3/kernel']!.shape).toEqual([256, 1]);
  });

  it('keeps the activations of deep sine layers near the arcsine law (std ≈ 1/√2, the paper\'s claim)', async () => {
    const coords = tf.tensor2d(gridCoords(28, 28), [784, 2]);
    const params = paramsToTensors(model.params);
    const { features, out } = sirenForward(spec, params, coords);
    const s = stats(new Float32Array(await features.data()));
    // Pre-activations w0·(xW + b) have variance ≈ 1 + (w0/√n)²/3 ≈ 2.2 here (biases included),
    // so var(sin) = (1 − e^{−2σ²})/2 ≈ 0.49: std 0.70. Allow ±0.06 for a 256-wide layer.
    expect(Math.abs(Math.sqrt(s.variance) - Math.SQRT1_2)).toBeLessThan(0.06);
    expect(Math.abs(s.mean)).toBeLessThan(0.1);
    expect(s.maxAbs).toBeLessThanOrEqual(1);
    tf.dispose([coords, features, out, ...Object.values(params)]);
  });

  it('is seeded and rejects a spec without a hidden layer', () => {
    const a = initSiren(spec, rng('same'));
    const b = initSiren(spec, rng('same'));
    expect(a.params['l1/kernel']!.data).toEqual(b.params['l1/kernel']!.data);
    expect(() => initSiren({ ...spec, layers: 1 }, rng('x'))).toThrow(/layers must be an integer ≥ 2/);
  });
});

test('sirenForward equals a plain-JS evaluation', async () => {
  const small: SirenSpec = { type: 'siren', inDim: 2, outDim: 2, layers: 3, width: 3, w0: 30 };
  const m = initSiren(small, rng('fwd'));
  const pts = [[0.3, -0.7], [-1, 1], [0, 0.25]];
  const dense = (x: number[], name: string) => {
    const w = m.params[`${name}/kernel`]!;
    const b = m.params[`${name}/bias`]!.data;
    const [fin, fout] = w.shape as [number, number];
    return Array.from({ length: fout }, (_, j) => b[j]! + x.reduce((a, xi, i) => a + xi * w.data[i * fout + j]!, 0));
  };
  const expected = pts.map((p) => {
    const h1 = dense(p, 'l0').map((z) => Math.sin(30 * z));
    const h2 = dense(h1, 'l1').map((z) => Math.sin(30 * z));
    return { out: dense(h2, 'l2'), feat: h2 };
  });
  const params = paramsToTensors(m.params);
  const x = tf.tensor2d(pts);
  const { out, features } = sirenForward(small, params, x);
  const got = (await out.array()) as number[][];
  const feat = (await features.array()) as number[][];
  expected.forEach((e, i) => {
    e.out.forEach((v, j) => expect(got[i]![j]).toBeCloseTo(v, 4));
    e.feat.forEach((v, j) => expect(feat[i]![j]).toBeCloseTo(v, 4));
  });
  tf.dispose([x, out, features, ...Object.values(params)]);
});
