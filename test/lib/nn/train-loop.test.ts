/** The training loop on tiny separable data (cpu): learning, determinism, hooks, groups, leaks. */
import * as tf from '@tensorflow/tfjs';
import {
  Adam,
  evaluateClassifier,
  fit,
  initModel,
  maskHook,
  mlpSpec,
  NonFiniteLossError,
  paramsToTensors,
  paramsToVariables,
  resolveLoss,
  resolveSchedule,
  Sgd,
  standardLosses,
  trainLoop,
  type LossFn,
  type Model,
  type ParamVariables,
  type StepInfo,
  type TrainLoopOptions,
} from '../../../lib/nn/index.js';
import { blobs, createRng, useCpu, values } from './helpers.js';

beforeAll(useCpu);

const data = blobs(3, 20, 4);
const spec = mlpSpec({ inputShape: [4], units: [8, 8, 3], activation: 'relu', dropout: 0 });
const ce = resolveLoss('cross_entropy', standardLosses, { spec, numClasses: 3 });

function setup(seed = 1): ParamVariables {
  return paramsToVariables(initModel(spec, createRng(seed, 'init')).params);
}

/** Runs trainLoop with defaults; disposes the groups' optimizers (the caller owns them). */
async function loop(vars: ParamVariables, over: Partial<TrainLoopOptions> = {}): Promise<unknown> {
  const groups = over.groups ?? [{ name: 'all', params: Object.keys(vars), optimizer: new Sgd({ momentum: 0.9 }), lr: resolveSchedule(0.05) }];
  try {
    return await trainLoop({ vars, loss: ce, data, inputShape: [4], epochs: 3, batchSize: 16, rng: createRng(2, 'train'), ...over, groups });
  } finally {
    for (const g of groups) g.optimizer.dispose();
  }
}

async function snapshot(vars: ParamVariables): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = await values(v);
  return out;
}

const disposeAll = (vars: ParamVariables) => tf.dispose(Object.values(vars));

test('training reduces the loss and separates the blobs (SGD and Adam)', async () => {
  for (const optimizer of [{ type: 'sgd' as const, momentum: 0.9 }, { type: 'adam' as const }]) {
    const model = initModel(spec, createRng(1, 'init'));
    const before = await evaluateWith(model);
    const { model: trained, history } = await fit(model, data, {
      optimizer,
      lr: resolveSchedule(optimizer.type === 'sgd' ? 0.05 : 0.01),
      loss: ce,
      epochs: 15,
      batchSize: 16,
      numClasses: 3,
      rng: createRng(2, 'train'),
    });
    const after = await evaluateWith(trained);
    expect(after.loss).toBeLessThan(before.loss / 4);
    expect(after.accuracy).toBe(1);
    expect(history).toHaveLength(15);
    expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss);
    expect(history.at(-1)!.trainAccuracy).toBe(1);
  }
});

async function evaluateWith(model: Model) {
  const params = paramsToTensors(model.params);
  const m = await evaluateClassifier(model.arch, params, data, 3);
  tf.dispose(Object.values(params));
  return m;
}

test('same seed gives identical weights; another shuffle seed does not', async () => {
  const runs: Record<string, Float32Array>[] = [];
  for (const shuffleSeed of [2, 2, 3]) {
    const vars = setup();
    await loop(vars, { rng: createRng(shuffleSeed, 'train') });
    runs.push(await snapshot(vars));
    disposeAll(vars);
  }
  expect(runs[0]).toEqual(runs[1]);
  expect(runs[0]!['dense1/kernel']).not.toEqual(runs[2]!['dense1/kernel']);
});

test.each([
  ['SGD + momentum + weight decay', () => new Sgd({ momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['AdamW', () => new Adam({ weightDecay: 0.01 })],
])('masks hold after every step with %s', async (_, make) => {
  const vars = setup();
  const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([4, 8], 0, 1, 'float32', 4), 0.5), 'float32'));
  const maskData = await values(mask);
  const before = await values(vars['dense1/kernel']!);
  const seen: number[] = [];
  const hold = maskHook(vars, { 'dense1/kernel': mask });
  hold();
  await loop(vars, {
    groups: [{ name: 'all', params: Object.keys(vars), optimizer: make(), lr: resolveSchedule(0.05) }],
    hooks: {
      afterStep: async () => {
        hold();
        const w = await values(vars['dense1/kernel']!);
        seen.push(w.reduce((a, v, i) => a + (maskData[i] === 0 && v !== 0 ? 1 : 0), 0));
      },
    },
  });
  const after = await values(vars['dense1/kernel']!);
  expect(seen.length).toBe(12);
  expect(seen.every((c) => c === 0)).toBe(true);
  // Kept weights did train.
  expect(after.some((v, i) => maskData[i] === 1 && v !== before[i])).toBe(true);
  disposeAll(vars);
  mask.dispose();
});

test('two groups with two optimizers update only their own parameters', async () => {
  const vars = setup();
  const before = await snapshot(vars);
  const lrs: Record<string, number>[] = [];
  await loop(vars, {
    epochs: 1,
    groups: [
      { name: 'first', params: ['dense1/kernel', 'dense1/bias'], optimizer: new Sgd(), lr: resolveSchedule(0.1) },
      { name: 'last', params: ['dense3/kernel'], optimizer: new Adam(), lr: resolveSchedule(0.01), every: 2 },
    ],
    hooks: { onProgress: (s: StepInfo) => lrs.push(s.lrs) },
  });
  const after = await snapshot(vars);
  for (const name of ['dense1/kernel', 'dense1/bias', 'dense3/kernel']) expect(after[name]).not.toEqual(before[name]);
  for (const name of ['dense2/kernel', 'dense2/bias', 'dense3/bias']) expect(after[name]).toEqual(before[name]);
  // 60 rows / 16 = 4 steps; 'last' runs on steps 0 and 2.
  expect(lrs).toEqual([{ first: 0.1, last: 0.01 }, { first: 0.1 }, { first: 0.1, last: 0.01 }, { first: 0.1 }]);
  disposeAll(vars);
});

test('a group with its own loss gets that loss gradient', async () => {
  // loss Σw² on dense2/kernel: one SGD step at lr η gives exactly w(1 − 2η).
  const vars = setup();
  const w0 = await values(vars['dense2/kernel']!);
  const l2: LossFn = (p) => tf.tidy(() => tf.sum(tf.square(p['dense2/kernel']!)) as tf.Scalar);
  await loop(vars, {
    epochs: 1,
    batchSize: 60,
    groups: [
      { name: 'main', params: ['dense1/kernel'], optimizer: new Sgd(), lr: resolveSchedule(0.1) },
      { name: 'penalty', params: ['dense2/kernel'], optimizer: new Sgd(), lr: resolveSchedule(0.1), loss: l2 },
    ],
  });
  const w1 = await values(vars['dense2/kernel']!);
  w1.forEach((v, i) => expect(v).toBeCloseTo(w0[i]! * 0.8, 6));
  disposeAll(vars);
});

test('transformGrads can replace gradients (zeroed: nothing moves)', async () => {
  const vars = setup();
  const before = await snapshot(vars);
  await loop(vars, {
    groups: [{ name: 'all', params: Object.keys(vars), optimizer: new Sgd(), lr: resolveSchedule(0.1) }],
    hooks: { transformGrads: (g) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, tf.zerosLike(t)])) },
  });
  expect(await snapshot(vars)).toEqual(before);
  disposeAll(vars);
});

test('a non-finite loss stops training and names epoch and step', async () => {
  const vars = setup();
  let calls = 0;
  const blowUp: LossFn = (p, x, y, c) => tf.tidy(() => (++calls === 6 ? tf.mul(ce(p, x, y, c), NaN) : ce(p, x, y, c)) as tf.Scalar);
  const err = await loop(vars, { loss: blowUp }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NonFiniteLossError);
  expect((err as Error).message).toMatch(/NaN at epoch 2, step 2 of 4/);
  expect((err as NonFiniteLossError).code).toBe('NON_FINITE');
  disposeAll(vars);
});

test('an aborted signal stops training between steps', async () => {
  const vars = setup();
  const ac = new AbortController();
  let steps = 0;
  const err = await loop(vars, { signal: ac.signal, hooks: { afterStep: () => void (++steps === 3 && ac.abort()) } }).catch((e: unknown) => e);
  expect((err as Error).name).toBe('AbortError');
  expect(steps).toBe(3);
  disposeAll(vars);
});

test('no tensor leaks: a training run (with masks, two groups, fit) leaves the count as it was', async () => {
  const before = tf.memory().numTensors;
  const vars = setup();
  const mask = tf.ones([8, 8]);
  await loop(vars, {
    groups: [
      { name: 'a', params: ['dense1/kernel'], optimizer: new Adam(), lr: resolveSchedule(0.01) },
      { name: 'b', params: ['dense2/kernel'], optimizer: new Sgd({ momentum: 0.9 }), lr: resolveSchedule(0.01) },
    ],
    hooks: { afterStep: maskHook(vars, { 'dense2/kernel': mask }) },
  });
  disposeAll(vars);
  mask.dispose();
  const model = initModel(spec, createRng(1, 'init'));
  await fit({ ...model, masks: { 'dense1/kernel': new Uint8Array(32).fill(1) } }, data, {
    optimizer: { type: 'adam' },
    lr: resolveSchedule(0.01),
    loss: ce,
    epochs: 2,
    batchSize: 16,
    numClasses: 3,
    rng: createRng(2),
    validation: data,
  });
  expect(tf.memory().numTensors).toBe(before);
});
