/**
 * The RK4 integrator against the harmonic oscillator x'' = −x (x(0) = 1, v(0) = 0: x = cos t,
 * v = −sin t), and its gradient against central finite differences.
 */
import * as tf from '@tensorflow/tfjs';
import { integrateRk4, odeBlock, initSegParams, type OdeFunction } from '../../../lib/cunet/index.js';
import { paramsToTensors } from '../../../lib/nn/index.js';
import { createRng, normals, spec, useCpu } from './helpers.js';

beforeAll(useCpu);

const oscillator: OdeFunction = (_t, [x, v]) => [v!, tf.neg(x!)];

async function error(steps: number): Promise<number> {
  // Three oscillators at once (a state of tensors): amplitudes 1, 0.5, −2 scale the exact solution.
  const amp = [1, 0.5, -2];
  const y0 = [tf.tensor1d(amp), tf.zeros([3])];
  const [x, v] = integrateRk4(oscillator, y0, { steps });
  const xs = await x!.data();
  const vs = await v!.data();
  tf.dispose([x!, v!, ...y0]);
  return Math.max(...amp.map((a, i) => Math.hypot(xs[i]! - a * Math.cos(1), vs[i]! + a * Math.sin(1))));
}

test('RK4 is 4th order on the harmonic oscillator over [0, 1]', async () => {
  const before = tf.memory().numTensors;
  const errs: number[] = [];
  for (const n of [1, 2, 4, 8]) errs.push(await error(n));
  // Global error ~ C·h⁴: halving h divides it by ~16 (observed order log2 ratio ≈ 4). At 8 steps the
  // error is ~4e-6 against float32 rounding of ~2e-7, so each observed order is good to ~±0.1.
  const orders = errs.slice(1).map((e, i) => Math.log2(errs[i]! / e));
  for (const p of orders) {
    expect(p).toBeGreaterThan(3.5);
    expect(p).toBeLessThan(4.5);
  }
  // The one-step error matches the float64 RK4 value (8.25e-3 for amplitude 1, ×2 for amplitude 2).
  expect(errs[0]).toBeCloseTo(2 * 0.008251233, 5);
  expect(tf.memory().numTensors).toBe(before);
});

test('zero steps are refused; the result never aliases the initial state', () => {
  const y0 = [tf.scalar(1)];
  expect(() => integrateRk4(oscillator, y0, { steps: 0 })).toThrow(/steps ≥ 1/);
  const [y] = integrateRk4((_t, [z]) => [tf.zerosLike(z!)], y0, { steps: 1 });
  expect(y).not.toBe(y0[0]);
  tf.dispose([y!, ...y0]);
});

test('gradients through an ODE block (2 RK4 steps) match central finite differences', async () => {
  const s = spec({ steps: 2, baseChannels: 2 });
  const params = initSegParams(s, createRng(4, 'init'));
  const x = tf.tensor4d(normals(16, 5), [1, 4, 4, 1]);
  const w = tf.tensor4d(normals(32, 6), [1, 4, 4, 2]);
  const names = ['enc0/lift/kernel', 'enc0/g/kernel', 'enc0/f_conv1/kernel', 'enc0/f_norm1/gamma', 'enc0/f_conv2/bias'];
  // A fixed random projection of the block's output: every output element matters.
  const loss = (p: Record<string, tf.Tensor>) => tf.tidy(() => tf.sum(tf.mul(odeBlock(s, p, 'enc0', x), w)) as tf.Scalar);
  const base = paramsToTensors(params);
  const grads = tf.grads((...vals: tf.Tensor[]) => loss({ ...base, ...Object.fromEntries(names.map((n, i) => [n, vals[i]!])) }))(names.map((n) => base[n]!));
  const eps = 1e-2;
  let checked = 0;
  for (let k = 0; k < names.length; k++) {
    const g = await grads[k]!.data();
    const p = params[names[k]!]!;
    for (const i of [0, p.data.length - 1]) {
      const at = async (d: number) => {
        const data = p.data.slice();
        data[i]! += d;
        const t = tf.tensor(data, p.shape);
        const v = loss({ ...base, [names[k]!]: t });
        const out = (await v.data())[0]!;
        tf.dispose([t, v]);
        return out;
      };
      const fd = ((await at(eps)) - (await at(-eps))) / (2 * eps);
      // float32: the loss (~10) carries ~1e-6 relative rounding, so the difference quotient is good
      // to ~1e-3 absolute; the O(ε²) truncation is of the same size with tanh.
      expect(Math.abs(g[i]! - fd)).toBeLessThan(5e-3 + 1e-2 * Math.abs(fd));
      checked++;
    }
  }
  expect(checked).toBe(10);
  tf.dispose([...grads, x, w, ...Object.values(base)]);
});

test('checkpointed steps give the same output and gradients as stored ones, at a lower memory peak', async () => {
  const s = spec({ steps: 3, baseChannels: 2 });
  const params = initSegParams(s, createRng(4, 'init'));
  const base = paramsToTensors(params);
  const x = tf.tensor4d(normals(32, 5), [2, 4, 4, 1]);
  const w = tf.tensor4d(normals(64, 6), [2, 4, 4, 2]);
  const names = Object.keys(base).filter((n) => n.startsWith('enc0/'));
  const run = (checkpoint: boolean) => {
    const f = (...vals: tf.Tensor[]) => tf.sum(tf.mul(odeBlock(s, { ...base, ...Object.fromEntries(names.map((n, i) => [n, vals[i]!])) }, 'enc0', x, { checkpoint }), w)) as tf.Scalar;
    return tf.valueAndGrads(f)(names.map((n) => base[n]!));
  };
  const before = tf.memory().numTensors;
  let plain!: ReturnType<typeof run>;
  let ckpt!: ReturnType<typeof run>;
  const peakPlain = (await tf.profile(() => void (plain = run(false)))).peakBytes;
  const peakCkpt = (await tf.profile(() => void (ckpt = run(true)))).peakBytes;
  expect(tf.memory().numTensors).toBe(before + 2 * (1 + names.length));
  // 3 steps of 4 stages kept vs one step's stages at a time (the inputs and weights are shared).
  expect(peakCkpt).toBeLessThan(0.75 * peakPlain);
  // Same arithmetic in the same order: equal up to float32 rounding of the recomputation.
  expect((await ckpt.value.data())[0]).toBeCloseTo((await plain.value.data())[0]!, 4);
  for (let k = 0; k < names.length; k++) {
    const a = await plain.grads[k]!.data();
    const b = await ckpt.grads[k]!.data();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(a[i]!)));
  }
  tf.dispose([plain.value, ckpt.value, ...plain.grads, ...ckpt.grads, x, w, ...Object.values(base)]);
});
