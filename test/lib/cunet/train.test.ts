/** Training on random crops: the loss falls, runs are reproducible, and nothing leaks. */
import * as tf from '@tensorflow/tfjs';
import { bceWithLogits, cropTensors, fitSegModel, segLossFn, initSegModel, softDiceLoss, syntheticSegmentation, type SegFitOptions, type SegModel } from '../../../lib/cunet/index.js';
import { paramsToTensors, resolveSchedule } from '../../../lib/nn/index.js';
import { createRng, spec, useCpu } from './helpers.js';

beforeAll(useCpu);

const ds = syntheticSegmentation(3, 12, createRng(1, 'data'));

function options(over: Partial<SegFitOptions> = {}): SegFitOptions {
  return {
    epochs: 2,
    stepsPerEpoch: 4,
    batchSize: 2,
    lr: resolveSchedule(0.02),
    loss: 'bce',
    crop: 8,
    augment: ['flip', 'rotate90'],
    rng: createRng(2, 'loop'),
    cropRng: createRng(3, 'crops'),
    validationCrops: 3,
    validationRng: createRng(4, 'val'),
    ...over,
  };
}

/** BCE of a model on fixed crops (the per-epoch means are on different random crops). */
async function heldOutLoss(m: SegModel): Promise<number> {
  const { x, y } = cropTensors(ds, ds.splits.validation!, 6, 8, [], createRng(9, 'held-out'));
  const p = paramsToTensors(m.params);
  const v = segLossFn(m.arch, 'bce')(p, x, y, { training: false, seed: 0, epoch: 0, step: 0, totalSteps: 1, stepsPerEpoch: 1 });
  const out = (await v.data())[0]!;
  tf.dispose([x, y, v, ...Object.values(p)]);
  return out;
}

test.each(['ode', 'plain'] as const)('%s U-Net: the loss falls, tensors stay balanced, each epoch is timed', async (block) => {
  // The plain net is cheap on cpu: give it more width and steps (base 2 learns slowly after IN + ReLU).
  const model: SegModel = initSegModel(spec({ block, steps: 1, activation: 'relu', baseChannels: block === 'ode' ? 2 : 4 }), createRng(5, 'init'));
  const before = tf.memory().numTensors;
  const { model: trained, history } = await fitSegModel(model, ds, options({ loss: block === 'ode' ? 'bce' : 'bce_dice', stepsPerEpoch: block === 'ode' ? 4 : 10 }));
  expect(tf.memory().numTensors).toBe(before);
  expect(history.map((h) => h.epoch)).toEqual([1, 2]);
  expect(await heldOutLoss(trained)).toBeLessThan(0.9 * (await heldOutLoss(model)));
  for (const h of history) {
    expect(h.seconds).toBeGreaterThan(0);
    expect(h.validationDice).toBeGreaterThanOrEqual(0);
    expect(h.validationDice).toBeLessThanOrEqual(1);
  }
  expect(trained.params['head/bias']!.data[0]).not.toBe(model.params['head/bias']!.data[0]);
});

test('the same seeds give the same weights', async () => {
  const model = initSegModel(spec({ block: 'plain' }), createRng(5, 'init'));
  const a = await fitSegModel(model, ds, options({ epochs: 1 }));
  const b = await fitSegModel(model, ds, options({ epochs: 1 }));
  expect(Array.from(a.model.params['enc0/conv1/kernel']!.data)).toEqual(Array.from(b.model.params['enc0/conv1/kernel']!.data));
});

test('a crop the network cannot halve is refused before training', async () => {
  const model = initSegModel(spec({ levels: 3 }), createRng(5, 'init'));
  await expect(fitSegModel(model, ds, options({ crop: 6 }))).rejects.toThrow(/multiples of 4, got 6×6/);
});

test('BCE and soft Dice against plain-JS formulas', async () => {
  const z = [2, -1, 0.5, -3, 0, 4];
  const y = [1, 0, 0, 1, 1, 1];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const bce = z.reduce((a, v, i) => a - (y[i]! * Math.log(sig(v)) + (1 - y[i]!) * Math.log(1 - sig(v))), 0) / z.length;
  // Two samples of three pixels: Dice per sample, then the mean; smoothing 1.
  const dice = [0, 1].map((s) => {
    const p = z.slice(3 * s, 3 * s + 3).map(sig);
    const t = y.slice(3 * s, 3 * s + 3);
    return (2 * p.reduce((a, v, i) => a + v * t[i]!, 0) + 1) / (p.reduce((a, v) => a + v, 0) + t.reduce((a, v) => a + v, 0) + 1);
  });
  const logits = tf.tensor4d(z, [2, 1, 3, 1]);
  const masks = tf.tensor3d(y, [2, 1, 3]);
  const b = bceWithLogits(logits, masks);
  const d = softDiceLoss(logits, masks);
  // float32 logs and exps: ~1e-6 relative.
  expect((await b.data())[0]).toBeCloseTo(bce, 5);
  expect((await d.data())[0]).toBeCloseTo(1 - (dice[0]! + dice[1]!) / 2, 5);
  tf.dispose([logits, masks, b, d]);
});
