/**
 * The crown_ibp loss: its gradient equals central finite differences of the loss itself on a
 * tiny network (cpu backend, float32: with h = 1e-3 the difference quotient carries ~1e-4 of
 * rounding noise, hence 3e-3 absolute + 2% relative; the piecewise-linear bound has kinks, so
 * the fixture's seed is one where no relu or slope flips within ±h — a wrong gradient, e.g.
 * one that ignores how the relaxation moves with the bounds, is off by far more); the ramps;
 * the option errors; and the layers it refuses.
 */
import * as tf from '@tensorflow/tfjs';
import { crownIbpLoss, parseCrownIbp, rampValues, robustLosses } from '../../../lib/bounds/index.js';
import { OptionValueError, resolveLoss, type LossContext, type ModelSpec } from '../../../lib/nn/index.js';
import { poolNet, randomInputs, randomParams, useCpu } from './helpers.js';

beforeAll(useCpu);

const tiny: ModelSpec = {
  type: 'sequential',
  inputShape: [4],
  layers: [
    { type: 'dense', name: 'd1', units: 5 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', name: 'd2', units: 5 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', name: 'd3', units: 3 },
  ],
};

// Halfway through a 0..4 epoch ramp: eps = 0.15, β = 0.5, κ = 0.5, so every term is active.
const ctx: LossContext = { training: true, epoch: 2, step: 20, totalSteps: 80, stepsPerEpoch: 10 };
const options = parseCrownIbp([], { eps: 0.3, ramp: { $kind: 'range', from: 0, to: 4 } });

test('the gradient matches finite differences', async () => {
  const params = randomParams(tiny, 21);
  const x = randomInputs(tiny, 3, 21);
  const y = tf.tensor1d([0, 2, 1], 'int32');
  const loss = crownIbpLoss(tiny, 3, options);
  const names = Object.keys(params);
  const f = (...ts: tf.Tensor[]) => loss(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), x, y, ctx);
  const grads = tf.grads(f)(names.map((n) => params[n]!));
  const h = 1e-3;
  let checked = 0;
  for (const [pi, name] of names.entries()) {
    const base = await params[name]!.data();
    const g = await grads[pi]!.data();
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) => {
        const copy = Float32Array.from(base);
        copy[i]! += delta;
        const p = { ...params, [name]: tf.tensor(copy, params[name]!.shape) };
        const v = loss(p, x, y, ctx).dataSync()[0]!;
        tf.dispose(p[name]);
        return v;
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(fd - g[i]!)).toBeLessThan(3e-3 + 0.02 * Math.abs(fd));
      checked++;
    }
  }
  expect(checked).toBe(4 * 5 + 5 + 5 * 5 + 5 + 5 * 3 + 3);
  // The robust term is really in it: the gradient differs from plain cross-entropy's.
  const ce = resolveLoss('cross_entropy', robustLosses, { spec: tiny, numClasses: 3 });
  const gce = tf.grads((...ts: tf.Tensor[]) => ce(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), x, y, ctx))(names.map((n) => params[n]!));
  let diff = 0;
  for (let p = 0; p < names.length; p++) {
    const [a, b] = [await grads[p]!.data(), await gce[p]!.data()];
    a.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - b[i]!))));
  }
  expect(diff).toBeGreaterThan(1e-2);
});

test('before the ramp the loss is the plain cross-entropy', async () => {
  const params = randomParams(tiny, 22);
  const x = randomInputs(tiny, 4, 22);
  const y = tf.tensor1d([0, 1, 2, 0], 'int32');
  const o = parseCrownIbp([0.1], { ramp: { $kind: 'range', from: 2, to: 4 } });
  const early = { ...ctx, step: 5 };
  const robust = crownIbpLoss(tiny, 3, o)(params, x, y, early).dataSync()[0]!;
  const ce = resolveLoss('cross_entropy', robustLosses, { spec: tiny, numClasses: 3 })(params, x, y, early).dataSync()[0]!;
  expect(robust).toBeCloseTo(ce, 6);
  // Later in the ramp, bounds only raise the loss.
  expect(crownIbpLoss(tiny, 3, o)(params, x, y, { ...ctx, step: 35 }).dataSync()[0]!).toBeGreaterThan(ce);
});

test('ramps: eps, β and κ move linearly over the ramp epochs', () => {
  const o = parseCrownIbp([], { eps: 0.2, ramp: { $kind: 'range', from: 2, to: 6 }, beta: { $kind: 'arrow', from: 1, to: 0 }, kappa: 0.5 });
  const at = (step: number) => rampValues(o, { step, totalSteps: 100, stepsPerEpoch: 10 });
  expect(at(10)).toEqual({ eps: 0, beta: 1, kappa: 0.5 });
  expect(at(40).eps).toBeCloseTo(0.1, 9);
  expect(at(40).beta).toBeCloseTo(0.5, 9);
  expect(at(90)).toEqual({ eps: 0.2, beta: 0, kappa: 0.5 });
  // Without a ramp, eps reaches its target at half of training.
  expect(rampValues(parseCrownIbp([0.2], {}), { step: 25, totalSteps: 100, stepsPerEpoch: 10 }).eps).toBeCloseTo(0.1, 9);
});

describe('bad options', () => {
  const bad = (args: unknown[], kwargs: Record<string, unknown>) => {
    try {
      parseCrownIbp(args, kwargs);
    } catch (e) {
      expect(e).toBeInstanceOf(OptionValueError);
      return { path: (e as OptionValueError).path, message: (e as Error).message };
    }
    throw new Error('accepted');
  };
  test.each([
    [[], { eps: -0.1 }, ['kwargs', 'eps'], /≥ 0/],
    [[], {}, [], /needs eps/],
    [[], { eps: 0.1, norm: 'l2' }, ['kwargs', 'norm'], /not supported/],
    [[], { eps: 0.1, ramp: { $kind: 'range', from: 5, to: 2 } }, ['kwargs', 'ramp'], /ends before/],
    [[], { eps: 0.1, beta: 2 }, ['kwargs', 'beta'], /\[0, 1\]/],
    [[], { eps: 0.1, gamma: 1 }, ['kwargs', 'gamma'], /no option/],
    [[0.1], { eps: 0.1 }, ['kwargs', 'eps'], /twice/],
  ])('%j %j → %j', (args, kwargs, path, message) => {
    const e = bad(args, kwargs);
    expect(e.path).toEqual(path);
    expect(e.message).toMatch(message);
  });

  test('a model with a layer CROWN cannot pass is refused, naming the layer', () => {
    expect(() => resolveLoss({ $kind: 'call', name: 'crown_ibp', args: [], kwargs: { eps: 0.1 } }, robustLosses, { spec: poolNet, numClasses: 3 })).toThrow(
      /layer 1 \(activation tanh\) is not supported by CROWN/,
    );
    // With β = 0 the loss is pure IBP, which passes pooling and tanh.
    const ibpOnly = { $kind: 'call', name: 'crown_ibp', args: [], kwargs: { eps: 0.1, beta: 0 } };
    expect(() => resolveLoss(ibpOnly, robustLosses, { spec: poolNet, numClasses: 3 })).not.toThrow();
  });
});
