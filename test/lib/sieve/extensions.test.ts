/**
 * Our extensions of the sieve, each against what it promises: a head reset replaces exactly the
 * head's parameters by a fresh seeded initialisation (the model's stay bit for bit), the warm-up
 * after it trains the head alone and lowers its loss; `forget_params: kernels` makes the forget
 * step move only the lower layers' conv/dense kernels (checked by comparing every parameter
 * before and after one forget step); a CNN stem (1×1 conv → batch norm → activation) is a block
 * the head can attach to. cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import { cnnSpec, createOptimizer, initModel, initParams, mlpSpec, paramsToVariables, tensorsToParams, trainLoop, type ModelSpec, type ParamArrays } from '../../../lib/nn/index.js';
import { reinitHead, resolveAuxPoint, setupSieve, trainSieve, warmHead, type ForgetParams } from '../../../lib/sieve/index.js';
import { blobs, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const stemCnn = cnnSpec({ inputShape: [14, 14, 2], channels: [4], kernel: 3, pool: 2, dense: 0, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0, stem: 3 });
/** Non-negative rows, like images. */
const data = (() => {
  const b = blobs(2, 8, 392, 4);
  return { ...b, x: b.x.map((v) => Math.abs(v)) };
})();
const base = { auxHidden: [], auxPool: true, auxNormalize: false, auxUpdates: 'head' as const, lrMain: () => 1e-2, lrAux: () => 1e-2, lrForget: () => 1e-2, numClasses: 2 };
const same = (a: ParamArrays, b: ParamArrays, k: string) => a[k]!.data.every((v, i) => v === b[k]!.data[i]);

describe('a CNN stem', () => {
  test('1×1 conv → batch norm → activation before the conv blocks; the head attaches after its block', () => {
    expect(stemCnn.layers.slice(0, 4).map((l) => l.type)).toEqual(['conv2d', 'batchnorm', 'activation', 'conv2d']);
    expect(stemCnn.layers[0]).toMatchObject({ name: 'stem', kernel: [1, 1], filters: 3 });
    const p = resolveAuxPoint(stemCnn, 'stem');
    expect(p.cut).toBe(3);
    expect(p.featureShape).toEqual([14, 14, 3]);
    expect(p.lowerParams).toEqual(['stem/kernel', 'stem/bias', 'stem_bn/gamma', 'stem_bn/beta']);
  });

  test('stem 0 leaves the CNN as it was', () => {
    const o = { inputShape: [14, 14, 2], channels: [4], kernel: 3, pool: 2, dense: 0, numClasses: 2, activation: 'relu' as const, padding: 'same' as const, dropout: 0 };
    expect(cnnSpec({ ...o, stem: 0 })).toEqual(cnnSpec(o));
  });
});

describe('forget_params', () => {
  async function forgetChanges(spec: ModelSpec, auxAfter: string, forgetParams: ForgetParams): Promise<string[]> {
    const model = initModel(spec, createRng(1, 'init'));
    const s = setupSieve(spec, { ...base, auxAfter, auxLocal: [4], forgetEvery: 1, forgetParams, rng: createRng(2, 'aux') });
    const start = { ...model.params, ...s.auxParams };
    const vars = paramsToVariables(start);
    await trainLoop({ vars, groups: s.groups.filter((g) => g.name === 'forget'), loss: s.losses.main, data, inputShape: spec.inputShape, epochs: 1, batchSize: data.n, rng: createRng(3, 'loop') });
    const after = await tensorsToParams(vars);
    tf.dispose(Object.values(vars));
    for (const g of s.groups) g.optimizer.dispose();
    return Object.keys(start).filter((k) => !same(start, after, k)).sort();
  }

  test('kernels: one forget step moves the stem kernel and nothing else (not its bias, not the batch norm)', async () => {
    expect(await forgetChanges(stemCnn, 'stem', 'kernels')).toEqual(['stem/kernel']);
  }, 30000);

  test('all (the paper): it moves every trainable lower parameter (the check above can fail)', async () => {
    expect(await forgetChanges(stemCnn, 'stem', 'all')).toEqual(['stem/bias', 'stem/kernel', 'stem_bn/beta', 'stem_bn/gamma']);
  }, 30000);

  test('kernels below a deeper cut: every lower kernel, no bias', () => {
    const s = setupSieve(stemCnn, { ...base, auxAfter: 'conv1', forgetEvery: 1, forgetParams: 'kernels', rng: createRng(2, 'aux') });
    expect(s.names.forget).toEqual(['stem/kernel', 'conv1/kernel']);
    for (const g of s.groups) g.optimizer.dispose();
  });
});

describe('head reset', () => {
  const mlp = mlpSpec({ inputShape: [392], units: [6, 2], activation: 'relu', dropout: 0 });

  test('reinitHead: the head gets the seeded initial values, every model parameter is untouched', async () => {
    const s = setupSieve(mlp, { ...base, auxAfter: 'dense1', auxHidden: [3], forgetEvery: 1, rng: createRng(2, 'aux') });
    const model = initModel(mlp, createRng(1, 'init'));
    // Start the head from values no initialisation gives, so a reset is visible everywhere.
    const moved = Object.fromEntries(Object.entries(s.auxParams).map(([k, p]) => [k, { shape: p.shape, data: p.data.map((v) => v + 7) }]));
    const vars = paramsToVariables({ ...model.params, ...moved });
    const names = reinitHead(vars, s.net.aux, createRng(6, 'reset'));
    const after = await tensorsToParams(vars);
    tf.dispose(Object.values(vars));
    for (const g of s.groups) g.optimizer.dispose();
    expect(names.sort()).toEqual(Object.keys(s.auxParams).sort());
    const fresh = initParams(s.net.aux, createRng(6, 'reset'));
    for (const k of names) expect(Array.from(after[k]!.data)).toEqual(Array.from(fresh[k]!.data));
    for (const k of Object.keys(model.params)) expect(same(model.params, after, k)).toBe(true);
  });

  test('warmHead: trains the head alone and lowers its loss', async () => {
    const s = setupSieve(mlp, { ...base, auxAfter: 'dense1', forgetEvery: 1, rng: createRng(2, 'aux') });
    const model = initModel(mlp, createRng(1, 'init'));
    const start = { ...model.params, ...s.auxParams };
    const vars = paramsToVariables(start);
    const ctx = { training: false, epoch: 0, step: 0, totalSteps: 1, stepsPerEpoch: 1 };
    const loss = async () => {
      const x = tf.tensor2d(data.x, [data.n, 392]);
      const y = tf.tensor1d(data.y, 'int32');
      const v = (await s.losses.aux(vars, x, y, ctx).data())[0]!;
      tf.dispose([x, y]);
      return v;
    };
    const before = await loss();
    const head = Object.keys(s.auxParams);
    const optimizer = createOptimizer({ type: 'adam' });
    await warmHead({ vars, loss: s.losses.aux, params: head, optimizer, lr: 0.05, steps: 30, data, inputShape: [392], batchSize: 8, rng: createRng(4, 'warm') });
    const afterLoss = await loss();
    const after = await tensorsToParams(vars);
    tf.dispose(Object.values(vars));
    optimizer.dispose();
    for (const g of s.groups) g.optimizer.dispose();
    expect(afterLoss).toBeLessThan(before);
    expect(Object.keys(start).filter((k) => !same(start, after, k)).sort()).toEqual([...head].sort());
  });

  test('in training: a reset after the last step leaves the model as without resets and the head at its initial biases', async () => {
    const model = initModel(mlp, createRng(1, 'init'));
    const run = (auxResetEvery: number) =>
      trainSieve(model, data, { ...base, auxAfter: 'dense1', forgetEvery: 1, auxResetEvery, auxWarmup: 0, epochs: 1, batchSize: 4, rng: createRng(5, 'train') });
    const before = tf.memory().numTensors;
    const plain = await run(0);
    const reset = await run(4); // 16 rows / 4 = 4 steps: the one reset comes after the last
    expect(tf.memory().numTensors).toBe(before);
    for (const k of Object.keys(model.params)) expect(same(plain.model.params, reset.model.params, k)).toBe(true);
    expect(Array.from(plain.aux.params['sieve_aux_out/bias']!.data).some((v) => v !== 0)).toBe(true);
    expect(Array.from(reset.aux.params['sieve_aux_out/bias']!.data)).toEqual([0, 0]);
  });

  test('in training: resets with warm-up change what the model learns (the option is live)', async () => {
    const model = initModel(mlp, createRng(1, 'init'));
    const run = (auxResetEvery: number) =>
      trainSieve(model, data, { ...base, auxAfter: 'dense1', forgetEvery: 1, auxResetEvery, auxWarmup: 2, epochs: 2, batchSize: 4, rng: createRng(5, 'train') });
    const [a, b] = [await run(0), await run(2)];
    expect(same(a.model.params, b.model.params, 'dense1/kernel')).toBe(false);
  });
});
