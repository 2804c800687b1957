/**
 * The outer gradient through the inner loop, on the cpu backend against independent oracles:
 * central finite differences of the whole meta-objective (second order), and the gradient of the
 * outer loss at separately adapted parameters (first order, FOMAML's definition).
 */
import * as tf from '@tensorflow/tfjs';
import { adapt, disposeParams, metaGradient, type MetaTask, type Params } from '../../../lib/meta/index.js';
import { flat, tinyParams, tinyTask } from './tiny-task.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const STEPS = 2;
const LR = 0.3;

/** Outer loss after a plain JS-free unrolled SGD inner loop, for finite differences. */
function objective(task: MetaTask, theta: Params, rows?: (Int32Array | undefined)[], extra?: (p: Params) => tf.Scalar): number {
  return tf.tidy(() => {
    let p = theta;
    for (let k = 0; k < STEPS; k++) {
      const r = rows?.[k];
      const names = Object.keys(p);
      const g = tf.grads((...ts: tf.Tensor[]) => task.innerLoss(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), r ? tf.tensor1d(r, 'int32') : undefined))(names.map((n) => p[n]!));
      p = Object.fromEntries(names.map((n, i) => [n, tf.sub(p[n]!, tf.mul(g[i]!, LR))]));
    }
    const loss = task.outerLoss!(p);
    return (extra ? tf.add(loss, extra(p)) : loss).dataSync()[0]!;
  });
}

/** Central differences over every coordinate of every parameter (sorted key order). */
async function finiteDifferences(theta: Params, f: (p: Params) => number, eps = 1e-2): Promise<number[]> {
  const out: number[] = [];
  for (const name of Object.keys(theta).sort()) {
    const base = await theta[name]!.data();
    for (let i = 0; i < base.length; i++) {
      const at = (d: number) => {
        const data = Float32Array.from(base);
        data[i]! += d;
        const t = tf.tensor(data, theta[name]!.shape);
        const v = f({ ...theta, [name]: t });
        t.dispose();
        return v;
      };
      out.push((at(eps) - at(-eps)) / (2 * eps));
    }
  }
  return out;
}

// float32 loss ~0.1 → rounding error ~1e-8/eps in each difference; the O(eps²) truncation of a
// smooth sine net with eps = 1e-2 stays below ~1e-4. Tolerance: 2e-4 absolute + 1% relative.
function expectClose(got: number[], want: number[]) {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(2e-4 + 0.01 * Math.abs(want[i]!)));
}

describe('metaGradient', () => {
  it('second order equals finite differences of the unrolled meta-objective', async () => {
    const task = tinyTask();
    const theta = tinyParams();
    const g = await metaGradient(theta, [task], { steps: STEPS, lr: LR, order: 'second' });
    const fd = await finiteDifferences(theta, (p) => objective(task, p));
    expectClose(await flat(g.grads), fd);
    expect(g.outerLoss).toBeCloseTo(objective(task, theta), 5);
    disposeParams(g.grads);
  });

  it('first order is ∇ of the outer loss at θ_K, and differs from the second-order gradient', async () => {
    const task = tinyTask();
    const theta = tinyParams();
    const fo = await metaGradient(theta, [task], { steps: STEPS, lr: LR, order: 'first' });
    const so = await metaGradient(theta, [task], { steps: STEPS, lr: LR, order: 'second' });
    const adapted = (await adapt(task, theta, { steps: STEPS, lr: LR })).params;
    const names = Object.keys(adapted);
    const want = tf.grads((...ts: tf.Tensor[]) => task.outerLoss!(Object.fromEntries(names.map((n, i) => [n, ts[i]!]))))(names.map((n) => adapted[n]!));
    const wantFlat = await flat(Object.fromEntries(names.map((n, i) => [n, want[i]!])));
    const foFlat = await flat(fo.grads);
    foFlat.forEach((v, i) => expect(v).toBeCloseTo(wantFlat[i]!, 6));
    const soFlat = await flat(so.grads);
    const diff = Math.max(...soFlat.map((v, i) => Math.abs(v - foFlat[i]!)));
    expect(diff).toBeGreaterThan(1e-3); // the Hessian terms matter at lr 0.3
    tf.dispose(want);
    [fo.grads, so.grads, adapted].forEach(disposeParams);
  });

  it('averages over the meta-batch', async () => {
    const a = tinyTask(0);
    const b = tinyTask(0.4);
    const theta = tinyParams();
    const o = { steps: STEPS, lr: LR, order: 'second' as const };
    const [ga, gb, gab] = [await metaGradient(theta, [a], o), await metaGradient(theta, [b], o), await metaGradient(theta, [a, b], o)];
    const [fa, fb, fab] = [await flat(ga.grads), await flat(gb.grads), await flat(gab.grads)];
    fab.forEach((v, i) => expect(v).toBeCloseTo((fa[i]! + fb[i]!) / 2, 5));
    [ga, gb, gab].forEach((g) => disposeParams(g.grads));
  });

  it('hooks: chosen rows reach every inner step and prepared constants act as stop-gradients', async () => {
    const base = tinyTask();
    const theta = tinyParams();
    const chosen = [Int32Array.from([0, 2, 5]), Int32Array.from([1, 3])];
    const seen: number[] = [];
    const offset = 0.05;
    let shift: Params | undefined;
    const distance = (p: Params, c: Params) => tf.addN(Object.keys(p).map((n) => tf.sum(tf.square(tf.sub(p[n]!, c[n]!))))) as tf.Scalar;
    const task: MetaTask = {
      ...base,
      hooks: {
        selectContext: async (step) => {
          seen.push(step);
          return chosen[step];
        },
        // A target that depends on θ_K: only a stop-gradient keeps it out of the derivative.
        prepareOuter: async (adapted) => (shift = tf.tidy(() => Object.fromEntries(Object.entries(adapted).map(([n, t]) => [n, tf.add(t, offset)])))),
        outerTerms: (adapted, prepared) => tf.mul(distance(adapted, prepared!), 3) as tf.Scalar,
      },
    };
    const g = await metaGradient(theta, [task], { steps: STEPS, lr: LR, order: 'second' });
    expect(seen).toEqual([0, 1]);
    expect(g.meanRows).toBe(2.5);
    // Oracle: the same objective with the target frozen at its value for the unperturbed θ.
    const frozen = tf.tidy(() => {
      const a = (() => {
        let p = theta;
        for (let k = 0; k < STEPS; k++) {
          const names = Object.keys(p);
          const gr = tf.grads((...ts: tf.Tensor[]) => base.innerLoss(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), tf.tensor1d(chosen[k]!, 'int32')))(names.map((n) => p[n]!));
          p = Object.fromEntries(names.map((n, i) => [n, tf.sub(p[n]!, tf.mul(gr[i]!, LR))]));
        }
        return p;
      })();
      return Object.fromEntries(Object.entries(a).map(([n, t]) => [n, tf.keep(tf.add(t, offset))]));
    });
    const fd = await finiteDifferences(theta, (p) => objective(base, p, chosen, (q) => tf.mul(distance(q, frozen), 3) as tf.Scalar));
    expectClose(await flat(g.grads), fd);
    expect(g.terms).toBeCloseTo(3 * offset * offset * 16, 4); // 16 parameters, each offset by 0.05
    expect(shift).toBeDefined();
    disposeParams(g.grads);
    disposeParams(frozen);
  });

  it('leaves no tensors behind (both orders, with hooks)', async () => {
    const task = tinyTask();
    const theta = tinyParams();
    const hooked: MetaTask = {
      ...task,
      hooks: {
        selectContext: async () => Int32Array.from([0, 1, 2]),
        prepareOuter: async (a) => tf.tidy(() => Object.fromEntries(Object.entries(a).map(([n, t]) => [n, tf.mul(t, 0.9)]))),
        outerTerms: (a, c) => tf.sum(tf.square(tf.sub(a.v!, c!.v!))) as tf.Scalar,
      },
    };
    for (const order of ['first', 'second'] as const) {
      await metaGradient(theta, [hooked, task], { steps: STEPS, lr: LR, order }).then((g) => disposeParams(g.grads));
      const before = tf.memory().numTensors;
      const g = await metaGradient(theta, [hooked, task], { steps: STEPS, lr: LR, order });
      disposeParams(g.grads);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
