/**
 * The mixed operation against a hand-written JS oracle (Σ softmax(α)_i · op_i(x)), and its
 * α-gradient against central finite differences in float64 JS of that oracle. cpu backend;
 * tolerances: 1e-5 for values (float32 of O(1) numbers), 2e-3 relative for gradients (float32
 * tape vs float64 differences with h = 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import { argmaxChoice, candidateParamNames, initMixedLayer, mixedOp, type Candidate } from '../../../lib/nasiam/mixed-op.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const cands: Candidate[] = ['identity', 'linear_relu', 'linear_tanh', 'linear_elu'];
const act: Record<string, (v: number) => number> = {
  identity: (v) => v,
  linear_relu: (v) => Math.max(0, v),
  linear_tanh: Math.tanh,
  linear_elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
};
const n = 3;
const d = 4;
const rng = createRng(11, 'mixed');
const params = initMixedLayer('L', d, cands, rng);
for (const p of Object.values(params)) if (p.shape.length === 1) for (let i = 0; i < d; i++) p.data[i] = 0.3 * rng.normal();
const x = Float64Array.from({ length: n * d }, () => rng.normal());
const r = Float64Array.from({ length: n * d }, () => rng.normal());

function oracle(alpha: number[]): Float64Array {
  const m = Math.max(...alpha);
  const e = alpha.map((a) => Math.exp(a - m));
  const s = e.reduce((u, v) => u + v, 0);
  const out = new Float64Array(n * d);
  cands.forEach((c, k) => {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        let v = x[i * d + j]!;
        if (c !== 'identity') {
          const [w, b] = candidateParamNames('L', c).map((nm) => params[nm]!.data);
          v = b![j]!;
          for (let q = 0; q < d; q++) v += x[i * d + q]! * w![q * d + j]!;
        }
        out[i * d + j] += (e[k]! / s) * act[c]!(v);
      }
  });
  return out;
}

const tfParams = () => Object.fromEntries(Object.entries(params).map(([k, p]) => [k, tf.tensor(p.data, p.shape)]));

test('output is Σ softmax(α)_i · op_i(x)', async () => {
  const alpha = [0.3, -1, 0.8, 0.1];
  const ps = tfParams();
  const out = mixedOp(tf.tensor2d(Float32Array.from(x), [n, d]), tf.tensor1d(alpha), cands, ps, 'L');
  const got = await out.data();
  const want = oracle(alpha);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5);
  tf.dispose([out, ...Object.values(ps)]);
});

test('α-gradient of Σ r·out matches finite differences', async () => {
  const alpha = [0.2, 0.5, -0.4, 0.0];
  const ps = tfParams();
  const xt = tf.tensor2d(Float32Array.from(x), [n, d]);
  const rt = tf.tensor2d(Float32Array.from(r), [n, d]);
  const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(mixedOp(xt, a as tf.Tensor1D, cands, ps, 'L'), rt)))(tf.tensor1d(alpha));
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

test('argmax discretisation picks the largest α, first on ties', () => {
  expect(argmaxChoice([0.1, 0.9, 0.2, 0.9], cands)).toBe('linear_relu');
  expect(argmaxChoice([0, 0, 0, 0], cands)).toBe('identity');
});
