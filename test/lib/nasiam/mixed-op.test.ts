/**
 * The mixed operation against a hand-written JS oracle (Σ softmax(α)_i · op_i(x), op = act of
 * the batch-normalised (biased batch variance, ε = 1e-5) or biased linear map), and its
 * α-gradient against central finite differences in float64 JS of that oracle. cpu backend;
 * tolerances: 1e-4 for values (float32 of O(1) numbers through a normalisation), 2e-3 relative
 * for gradients (float32 tape vs float64 differences with h = 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import { argmaxChoice, candidateParamNames, initMixedLayer, mixedOp, type Candidate, type HeadLayer } from '../../../lib/nasiam/mixed-op.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const cands: Candidate[] = ['identity', 'linear_relu', 'linear_tanh', 'linear_elu'];
const act: Record<string, (v: number) => number> = {
  identity: (v) => v,
  linear_relu: (v) => Math.max(0, v),
  linear_tanh: Math.tanh,
  linear_elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
};
const n = 5;
const d = 4;

function setup(bn: boolean) {
  const layer: HeadLayer = { prefix: 'L', bn };
  const rng = createRng(11, `mixed-${bn}`);
  const params = initMixedLayer(layer, d, cands, rng);
  // move γ, β, b off their initial 1 / 0 so the oracle checks their use
  for (const p of Object.values(params)) if (p.shape.length === 1) for (let i = 0; i < d; i++) p.data[i] = p.data[i]! + 0.3 * rng.normal();
  const x = Float64Array.from({ length: n * d }, () => rng.normal());
  const r = Float64Array.from({ length: n * d }, () => rng.normal());
  /** Pre-activation of candidate c, [n·d] in float64. */
  const pre = (c: Candidate): Float64Array => {
    const names = candidateParamNames(layer, c);
    const w = params[names[0]!]!.data;
    const y = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) for (let q = 0; q < d; q++) y[i * d + j] += x[i * d + q]! * w[q * d + j]!;
    for (let j = 0; j < d; j++) {
      if (!bn) {
        for (let i = 0; i < n; i++) y[i * d + j] += params[names[1]!]!.data[j]!;
        continue;
      }
      let mean = 0;
      for (let i = 0; i < n; i++) mean += y[i * d + j]! / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (y[i * d + j]! - mean) ** 2 / n;
      const [g, b] = [params[names[1]!]!.data[j]!, params[names[2]!]!.data[j]!];
      for (let i = 0; i < n; i++) y[i * d + j] = (g * (y[i * d + j]! - mean)) / Math.sqrt(v + 1e-5) + b;
    }
    return y;
  };
  const oracle = (alpha: number[]): Float64Array => {
    const m = Math.max(...alpha);
    const e = alpha.map((a) => Math.exp(a - m));
    const s = e.reduce((u, v) => u + v, 0);
    const out = new Float64Array(n * d);
    cands.forEach((c, k) => {
      const y = c === 'identity' ? x : pre(c);
      for (let i = 0; i < n * d; i++) out[i] += (e[k]! / s) * act[c]!(y[i]!);
    });
    return out;
  };
  const tfParams = () => Object.fromEntries(Object.entries(params).map(([k, p]) => [k, tf.tensor(p.data, p.shape)]));
  return { layer, x, r, oracle, tfParams };
}

describe.each([true, false])('batch norm %s', (bn) => {
  const { layer, x, r, oracle, tfParams } = setup(bn);

  test('output is Σ softmax(α)_i · op_i(x)', async () => {
    const alpha = [0.3, -1, 0.8, 0.1];
    const ps = tfParams();
    const out = mixedOp(tf.tensor2d(Float32Array.from(x), [n, d]), tf.tensor1d(alpha), cands, ps, layer);
    const got = await out.data();
    const want = oracle(alpha);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4);
    tf.dispose([out, ...Object.values(ps)]);
  });

  test('α-gradient of Σ r·out matches finite differences', async () => {
    const alpha = [0.2, 0.5, -0.4, 0.0];
    const ps = tfParams();
    const xt = tf.tensor2d(Float32Array.from(x), [n, d]);
    const rt = tf.tensor2d(Float32Array.from(r), [n, d]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(mixedOp(xt, a as tf.Tensor1D, cands, ps, layer), rt)))(tf.tensor1d(alpha));
    const got = await g.data();
    const f = (a: number[]) => oracle(a).reduce((s, v, i) => s + v * r[i]!, 0);
    const h = 1e-4;
    for (let k = 0; k < alpha.length; k++) {
      const up = alpha.slice();
      const dn = alpha.slice();
      up[k]! += h;
      dn[k]! -= h;
      const fd = (f(up) - f(dn)) / (2 * h);
      expect(Math.abs(got[k]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
    }
    // softmax weights sum to one, so the α-gradient sums to zero
    expect(Math.abs(Array.from(got).reduce((s, v) => s + v, 0))).toBeLessThan(1e-4);
    tf.dispose([g, xt, rt, ...Object.values(ps)]);
  });
});

test('a batch-normalised layer has γ, β and no bias; the predictor output layer a bias', () => {
  expect(candidateParamNames({ prefix: 'p0', bn: true }, 'linear_relu')).toEqual(['p0.linear_relu.w', 'p0.linear_relu.gamma', 'p0.linear_relu.beta']);
  expect(candidateParamNames({ prefix: 'q1', bn: false }, 'linear')).toEqual(['q1.linear.w', 'q1.linear.b']);
  expect(candidateParamNames({ prefix: 'q1', bn: true }, 'identity')).toEqual([]);
});

test('argmax discretisation picks the largest α, first on ties', () => {
  expect(argmaxChoice([0.1, 0.9, 0.2, 0.9], cands)).toBe('linear_relu');
  expect(argmaxChoice([0, 0, 0, 0], cands)).toBe('identity');
});
