/**
 * Meta-training and evaluation end to end on tiny synthetic signals (6×6 grid, cpu backend):
 * no tensor leaks over outer steps, pruning shrinks each inner step's context and the step's
 * peak memory, and the bootstrap term appears only when switched on.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateSiren, initSiren, metaTrainSiren, type InrMethod, type SirenSpec } from '../../../lib/inr/index.js';
import { rng, syntheticSignals, useCpu } from './helpers.js';

beforeAll(useCpu);

const spec: SirenSpec = { type: 'siren', inDim: 2, outDim: 1, layers: 3, width: 16, w0: 30 };
const set = syntheticSignals(6, 8, 3);
const maml: InrMethod = { innerSteps: 4, innerLr: 1e-2, order: 'second', keep: 1, rescale: false };
const ecop: InrMethod = { ...maml, keep: 0.25, rescale: true, bootstrap: { steps: 2, lr: 5e-2, lambda: 100, distance: 'squared' } };

async function train(m: InrMethod, steps = 3) {
  const seen: { meanRows: number; terms: number }[] = [];
  const r = await metaTrainSiren(initSiren(spec, rng('init')), set, m, {
    outerSteps: steps,
    outerLr: 1e-3,
    metaBatch: 2,
    clip: 1,
    rng: rng('batches'),
    onStep: (s) => seen.push(s),
  });
  return { r, seen };
}

test('an outer loop leaves no tensors behind (MAML and ECoP)', async () => {
  for (const m of [maml, ecop]) {
    const before = tf.memory().numTensors;
    const { r } = await train(m);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.losses).toHaveLength(3);
    r.losses.forEach((l) => expect(Number.isFinite(l)).toBe(true));
    const ev = await evaluateSiren({ arch: spec, params: r.params }, set, m, { show: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(ev.perSignal).toHaveLength(3);
    expect(ev.reconstructions).toHaveLength(2);
    expect(ev.reconstructions[0]).toHaveLength(36);
  }
});

test('pruning keeps 9 of 36 points per inner step and lowers the peak memory of a step', async () => {
  const full = await train(maml);
  const pruned = await train({ ...ecop, bootstrap: undefined });
  expect(full.seen.every((s) => Number.isNaN(s.meanRows))).toBe(true);
  expect(pruned.seen.every((s) => s.meanRows === 9)).toBe(true);
  expect(pruned.r.peakBytes).toBeGreaterThan(0);
  expect(pruned.r.peakBytes).toBeLessThan(full.r.peakBytes);
});

test('the bootstrap term is reported only when on', async () => {
  const withBoot = await train(ecop, 2);
  const without = await train({ ...ecop, bootstrap: undefined }, 2);
  expect(withBoot.seen.every((s) => s.terms > 0)).toBe(true);
  expect(without.seen.every((s) => s.terms === 0)).toBe(true);
});

test('test-time adaptation improves on the initialisation', async () => {
  const m: InrMethod = { ...maml, innerLr: 5e-2, testSteps: 20 };
  const ev = await evaluateSiren(initSiren(spec, rng('init')), set, m);
  expect(ev.psnr).toBeGreaterThan(ev.psnrInit + 1);
});
