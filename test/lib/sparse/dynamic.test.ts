/**
 * Dynamic sparse training through lib/nn's fit on tiny blobs (cpu backend): after every
 * optimizer step the pruned weights are exactly 0 — with SGD + momentum + weight decay and with
 * Adam/AdamW, whose state would otherwise revive them — newly grown weights start at 0, and
 * the target sparsity is met exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { fit, initModel, mlpSpec, resolveSchedule, standardLosses, resolveLoss, type FitHooks, type OptimizerSpec } from '../../../lib/nn/index.js';
import { allocate, countOnes, DynamicSparsity, keepCounts, pruneTargets, type DynamicMethod, type Masks } from '../../../lib/sparse/index.js';
import { blobs, createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const spec = mlpSpec({ inputShape: [8], units: [32, 3], activation: 'relu', dropout: 0 });
const train = blobs(3, 20, 8, 1);
const targets = pruneTargets(spec);
const loss = resolveLoss('cross_entropy', standardLosses, { spec, numClasses: 3 });
const constant = (v: number) => resolveSchedule(v);

const methods: Record<string, DynamicMethod> = {
  gmp: { kind: 'gmp', schedule: { initial: 0, final: 0.8, start: 2, end: 12, every: 2 }, scope: 'layer', allocation: 'uniform' },
  set: { kind: 'set', density: 0.25, allocation: 'erk', update: { every: 3, stop: 14, dropFraction: constant(0.3) } },
  rigl: { kind: 'rigl', density: 0.25, allocation: 'uniform', update: { every: 3, stop: 14, dropFraction: constant(0.3) } },
};
const optimizers: Record<string, OptimizerSpec> = {
  'sgd+momentum+wd': { type: 'sgd', momentum: 0.9, weightDecay: 0.01 },
  adamw: { type: 'adam', weightDecay: 0.01, decoupled: true },
  'adam+l2': { type: 'adam', weightDecay: 0.01, decoupled: false },
};

async function trainWith(method: DynamicMethod, optimizer: OptimizerSpec) {
  const ds = new DynamicSparsity({ method, targets, rng: createRng(7, 'ds') });
  const start = ds.start(initModel(spec, createRng(2)));
  const checks = { steps: 0, violations: 0, grownNonZero: 0, grown: 0, changes: 0 };
  let previous: Masks = ds.masks();
  const hooks = (live: Parameters<DynamicSparsity['hooks']>[0]): FitHooks => {
    const inner = ds.hooks(live);
    return {
      transformGrads: inner.transformGrads,
      afterStep: async (info) => {
        await inner.afterStep!(info);
        checks.steps++;
        const now = ds.masks();
        for (const t of targets) {
          const w = await live.vars[t.name]!.data();
          const m = now[t.name];
          const before = previous[t.name];
          if (!m) continue;
          for (let i = 0; i < w.length; i++) {
            if (!m[i] && !Object.is(w[i], 0)) checks.violations++;
            if (m[i] && before && !before[i]) {
              checks.grown++;
              if (w[i] !== 0) checks.grownNonZero++;
            }
            if (before && m[i] !== before[i]) checks.changes++;
          }
        }
        previous = now;
      },
    };
  };
  const { model } = await fit(start, train, { optimizer, lr: constant(optimizer.type === 'sgd' ? 0.05 : 0.01), loss, epochs: 4, batchSize: 16, numClasses: 3, rng: createRng(4), trainAccuracy: false, hooks });
  ds.dispose();
  return { ds, model, checks };
}

describe.each(Object.keys(methods))('%s', (name) => {
  test.each(Object.keys(optimizers))('pruned weights stay exactly 0 after every step (%s)', async (opt) => {
    const before = tf.memory().numTensors;
    const { ds, model, checks } = await trainWith(methods[name]!, optimizers[opt]!);
    expect(checks.steps).toBe(16);
    expect(checks.violations).toBe(0);
    expect(checks.grownNonZero).toBe(0);
    const masks = ds.masks();
    for (const t of targets) {
      const w = model.params[t.name]!.data;
      masks[t.name]!.forEach((m, i) => (m ? undefined : expect(Object.is(w[i], 0)).toBe(true)));
    }
    if (name === 'gmp') {
      expect(ds.sparsity()).toBeCloseTo(0.8, 2);
    } else {
      // Exactly the allocated number of weights stays active through every update.
      const kept = targets.reduce((a, t) => a + countOnes(masks[t.name]!), 0);
      const m = methods[name] as Extract<DynamicMethod, { kind: 'set' | 'rigl' }>;
      const want = keepCounts(targets, allocate(m.allocation, targets, m.density));
      expect(kept).toBe(Object.values(want).reduce((a, b) => a + b, 0));
      expect(checks.changes).toBeGreaterThan(0);
      expect(checks.grown).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

test('RigL grows the connections of largest gradient magnitude', async () => {
  // One batch per epoch, one update after step 1: the grown set must be the top-|g| inactive.
  const method: DynamicMethod = { kind: 'rigl', density: 0.2, allocation: 'uniform', update: { every: 1, stop: 2, dropFraction: constant(0.5) } };
  let grads: Record<string, Float32Array> = {};
  const ds2 = new DynamicSparsity({ method, targets, rng: createRng(9) });
  const start2 = ds2.start(initModel(spec, createRng(3)));
  const before = ds2.masks();
  await fit(start2, train, {
    optimizer: { type: 'sgd' }, lr: constant(0.01), loss, epochs: 2, batchSize: 60, numClasses: 3, rng: createRng(1), trainAccuracy: false,
    hooks: (live) => {
      const h = ds2.hooks(live);
      return {
        transformGrads: (g, ctx, groups) => {
          if (ctx.step === 1) grads = Object.fromEntries(targets.map((t) => [t.name, g[t.name]!.abs().dataSync() as Float32Array]));
          return h.transformGrads!(g, ctx, groups);
        },
        afterStep: h.afterStep,
      };
    },
  });
  const after = ds2.masks();
  for (const t of targets) {
    const old = before[t.name]!;
    const now = after[t.name]!;
    const grown = [...now.keys()].filter((i) => now[i] && !old[i]);
    const notGrown = [...now.keys()].filter((i) => !now[i] && !old[i]);
    expect(grown.length).toBeGreaterThan(0);
    const minGrown = Math.min(...grown.map((i) => grads[t.name]![i]!));
    const maxOther = Math.max(...notGrown.map((i) => grads[t.name]![i]!));
    expect(minGrown).toBeGreaterThanOrEqual(maxOther);
  }
  ds2.dispose();
});
