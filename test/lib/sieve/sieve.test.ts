/**
 * The sieve's pieces against independent oracles: the forget objective against its closed form
 * and finite differences (minimal, = log K, exactly at the uniform prediction); the attachment
 * point against the layer list; each step's parameter group by comparing every parameter before
 * and after one step of that group alone; the environment metrics against counts made by hand
 * for a classifier that reads colour only. cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import { COLORED_MNIST_DEFAULTS, coloredMnistDataset, MNIST_PIXELS, type MnistPool } from '../../../lib/data/index.js';
import { cnnSpec, forward, initModel, initParams, mlpSpec, paramsToTensors, paramsToVariables, tensorsToParams, trainLoop, type ModelSpec } from '../../../lib/nn/index.js';
import { auxHeadSpec, AuxPointError, environmentMetrics, resolveAuxPoint, setupSieve, trainSieve, uniformCrossEntropy, type AuxUpdates } from '../../../lib/sieve/index.js';
import { blobs, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const cnn = cnnSpec({ inputShape: [14, 14, 2], channels: [4, 6], kernel: 3, pool: 2, dense: 8, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0 });

describe('forget objective: cross-entropy to the uniform distribution', () => {
  const value = async (rows: number[][]) => (await uniformCrossEntropy(tf.tensor2d(rows)).data())[0]!;

  test('equals the closed form −(1/K)·Σ log softmax, and log K at any uniform prediction', async () => {
    const rows = [
      [0.3, -1.2, 2.0],
      [5, 5, 5],
    ];
    const closed = rows.map((r) => {
      const lse = Math.log(r.reduce((a, z) => a + Math.exp(z), 0));
      return -r.reduce((a, z) => a + (z - lse), 0) / r.length;
    });
    expect(await value(rows)).toBeCloseTo((closed[0]! + closed[1]!) / 2, 5);
    expect(await value([[7, 7, 7, 7]])).toBeCloseTo(Math.log(4), 6);
    expect(await value([[-3, -3]])).toBeCloseTo(Math.log(2), 6);
  });

  test('is smallest at the uniform prediction: zero gradient there, larger values around it', async () => {
    const grad = tf.grad((z: tf.Tensor) => uniformCrossEntropy(z));
    const atUniform = await grad(tf.tensor2d([[1.5, 1.5, 1.5]])).data();
    for (const g of atUniform) expect(Math.abs(g)).toBeLessThan(1e-6);
    const rng = createRng(5, 'perturb');
    for (let t = 0; t < 20; t++) {
      const z = [0, 1, 2].map(() => 1.5 + 0.5 * rng.normal());
      expect(await value([z])).toBeGreaterThan(Math.log(3) - 1e-6);
    }
  });

  test('its gradient matches central finite differences (float32: step 1e-2, tolerance 5e-3)', async () => {
    const z0 = [0.4, -0.7, 1.1];
    const g = await tf.grad((z: tf.Tensor) => uniformCrossEntropy(z))(tf.tensor2d([z0])).data();
    for (let i = 0; i < 3; i++) {
      const up = z0.map((v, j) => (j === i ? v + 1e-2 : v));
      const down = z0.map((v, j) => (j === i ? v - 1e-2 : v));
      expect(g[i]!).toBeCloseTo(((await value([up])) - (await value([down]))) / 2e-2, 2);
    }
  });
});

describe('attachment point', () => {
  test('a conv layer: its block (activation, pooling) is below the head', () => {
    const p = resolveAuxPoint(cnn, 'conv1');
    expect(p.cut).toBe(3); // conv1, relu, maxpool
    expect(p.featureShape).toEqual([7, 7, 4]);
    expect(p.lowerParams).toEqual(['conv1/kernel', 'conv1/bias']);
    const q = resolveAuxPoint(cnn, 'dense1');
    expect(q.lowerParams).toEqual(['conv1/kernel', 'conv1/bias', 'conv2/kernel', 'conv2/bias', 'dense1/kernel', 'dense1/bias']);
    expect(q.featureShape).toEqual([8]);
  });

  test('unknown layers and the output layer are refused, listing the layers that work', () => {
    expect(() => resolveAuxPoint(cnn, 'conv9')).toThrow(AuxPointError);
    try {
      resolveAuxPoint(cnn, 'conv9');
    } catch (e) {
      expect((e as AuxPointError).message).toMatch(/no layer 'conv9' \(its layers: conv1, conv2, dense1, dense2\)/);
      expect((e as AuxPointError).hint).toBe('layers to attach to: conv1, conv2, dense1');
    }
    expect(() => resolveAuxPoint(cnn, 'dense2')).toThrow(/output layer/);
  });
});

describe('the auxiliary head', () => {
  /** Logits of a head with seeded weights on features [2, 4, 4, 3], and on the same features with positions shuffled. */
  async function logitsBeforeAfterShuffle(pool: boolean): Promise<[number[], number[]]> {
    const head = auxHeadSpec({ featureShape: [4, 4, 3], hidden: [], local: [5], pool, normalize: false, numClasses: 2 });
    expect(head.layers.map((l) => l.type)).toEqual(pool ? ['conv2d', 'activation', 'avgpool2d', 'flatten', 'dense'] : ['conv2d', 'activation', 'flatten', 'dense']);
    const params = paramsToTensors(initParams(head, createRng(4, 'head')));
    const rng = createRng(5, 'features');
    const f = Float32Array.from({ length: 2 * 16 * 3 }, () => rng.next());
    const order = [5, 0, 15, 3, 9, 1, 12, 7, 2, 14, 4, 11, 6, 10, 8, 13];
    const shuffled = new Float32Array(f.length);
    for (let b = 0; b < 2; b++) for (let p = 0; p < 16; p++) for (let c = 0; c < 3; c++) shuffled[(b * 16 + p) * 3 + c] = f[(b * 16 + order[p]!) * 3 + c]!;
    const run = (x: Float32Array) => tf.tidy(() => forward(head, params, tf.tensor4d(x, [2, 4, 4, 3]), { training: false }));
    const [a, b] = [run(f), run(shuffled)];
    const out: [number[], number[]] = [Array.from(await a.data()), Array.from(await b.data())];
    tf.dispose([a, b, ...Object.values(params)]);
    return out;
  }

  test('per-position layers then pooling: blind to where features are (float32 sums: 1e-5)', async () => {
    const [a, b] = await logitsBeforeAfterShuffle(true);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 5));
  });

  test('without pooling the same shuffle changes the logits (the check above can fail)', async () => {
    const [a, b] = await logitsBeforeAfterShuffle(false);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(1e-3);
  });
});

describe('each step updates exactly its parameter group', () => {
  const data = (() => {
    const b = blobs(2, 8, 392, 4);
    return { ...b, x: b.x.map((v) => Math.abs(v)) };
  })();

  async function changedBy(
    spec: ModelSpec,
    group: string,
    auxUpdates: AuxUpdates,
    auxAfter: string,
    extra: { auxLocal?: number[]; auxSteps?: number } = {},
  ): Promise<{ changed: string[]; expected: Record<string, string[]> }> {
    const model = initModel(spec, createRng(1, 'init'));
    const s = setupSieve(spec, {
      auxAfter, auxHidden: [3], auxPool: true, auxNormalize: true, auxUpdates, forgetEvery: 1, ...extra,
      lrMain: () => 1e-2, lrAux: () => 1e-2, lrForget: () => 1e-2, numClasses: 2, rng: createRng(2, 'aux'),
    });
    const start = { ...model.params, ...s.auxParams };
    const vars = paramsToVariables(start);
    // `aux` also selects the repeats (aux2, aux3, ...) that aux_steps adds.
    const groups = s.groups.filter((g) => g.name === group || (group === 'aux' && /^aux\d+$/.test(g.name)));
    await trainLoop({ vars, groups, loss: s.losses.main, data, inputShape: spec.inputShape, epochs: 1, batchSize: data.n, rng: createRng(3, 'loop') });
    const after = await tensorsToParams(vars);
    tf.dispose(Object.values(vars));
    for (const g of s.groups) g.optimizer.dispose();
    const changed = Object.keys(start).filter((k) => start[k]!.data.some((v, i) => v !== after[k]!.data[i]));
    const head = Object.keys(s.auxParams);
    return { changed: changed.sort(), expected: { main: [...s.names.main].sort(), head, lower: s.point.lowerParams } };
  }

  test.each<[string, AuxUpdates, string]>([
    ['main', 'head_and_lower', 'conv1'],
    ['aux', 'head_and_lower', 'conv1'],
    ['aux', 'head', 'conv1'],
    ['forget', 'head_and_lower', 'conv2'],
  ])('%s step (aux step trains %s, head after %s)', async (group, updates, after) => {
    const { changed, expected } = await changedBy(cnn, group, updates, after);
    const want = group === 'main' ? expected.main : group === 'forget' ? expected.lower : updates === 'head' ? expected.head : [...expected.head, ...expected.lower];
    expect(changed).toEqual([...want].sort());
    // The head is never part of the model, and the model's upper layers never move in aux/forget steps.
    if (group === 'main') expect(changed.some((k) => k.startsWith('sieve_aux'))).toBe(false);
  }, 30000);

  test.each<[string, AuxUpdates]>([
    ['aux', 'head'],
    ['aux', 'head_and_lower'],
    ['forget', 'head'],
  ])('a per-position head repeated 3× per batch: the %s step (aux trains %s) moves only its group', async (group, updates) => {
    const { changed, expected } = await changedBy(cnn, group, updates, 'conv1', { auxLocal: [5], auxSteps: 3 });
    const want = group === 'forget' ? expected.lower : updates === 'head' ? expected.head : [...expected.head, ...expected.lower];
    expect(changed).toEqual([...want].sort());
    expect(expected.head).toContain('sieve_aux_local1/kernel');
  }, 30000);

  test('an MLP: forget moves only the first dense layer', async () => {
    const mlp = mlpSpec({ inputShape: [392], units: [6, 5, 2], activation: 'relu', dropout: 0 });
    const { changed } = await changedBy(mlp, 'forget', 'head_and_lower', 'dense1');
    expect(changed).toEqual(['dense1/bias', 'dense1/kernel']);
  });

  test('forget_every 0 leaves the forget group out; training returns the model without the head', async () => {
    const mlp = mlpSpec({ inputShape: [392], units: [6, 2], activation: 'relu', dropout: 0 });
    const model = initModel(mlp, createRng(1, 'init'));
    const opts = { auxHidden: [], auxPool: true, auxNormalize: false, auxUpdates: 'head' as const, lrMain: () => 1e-2, lrAux: () => 1e-2, lrForget: () => 1e-3, numClasses: 2, rng: createRng(1, 'r') };
    expect(setupSieve(mlp, { ...opts, auxAfter: 'dense1', forgetEvery: 0 }).groups.map((g) => g.name)).toEqual(['main', 'aux']);
    const before = tf.memory().numTensors;
    const probes: number[] = [];
    const r = await trainSieve(model, data, { ...opts, auxAfter: 'dense1', forgetEvery: 2, epochs: 2, batchSize: 4, probe: data, probeEvery: 2, onProbe: (step) => void probes.push(step) });
    expect(Object.keys(r.model.params).sort()).toEqual(Object.keys(model.params).sort());
    expect(Object.keys(r.aux.params)).toEqual(['sieve_aux_out/kernel', 'sieve_aux_out/bias']);
    expect(probes).toEqual([2, 4, 6, 8]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('environment metrics', () => {
  /** Pool rows are solid digits, so every image has ink in its colour channel. */
  const pool: MnistPool = (() => {
    const n = 2000;
    const x = new Float32Array(n * MNIST_PIXELS).fill(0.5);
    const y = Int32Array.from({ length: n }, (_, i) => i % 10);
    return { x, y, n };
  })();
  const ds = coloredMnistDataset(pool, { ...COLORED_MNIST_DEFAULTS, trainPerEnv: 500, test: 800 }, createRng(9, 'env'));

  test('a classifier that reads colour only scores the colour-agreement rate in every environment', async () => {
    // flatten → dense: logit c = sum of channel c, so it predicts the colour.
    const spec: ModelSpec = { type: 'sequential', inputShape: [14, 14, 2], layers: [{ type: 'flatten' }, { type: 'dense', name: 'd', units: 2 }] };
    const kernel = new Float32Array(392 * 2);
    for (let p = 0; p < 196; p++) {
      kernel[(2 * p) * 2 + 0] = 1;
      kernel[(2 * p + 1) * 2 + 1] = 1;
    }
    const params = paramsToTensors({ 'd/kernel': { shape: [392, 2], data: kernel }, 'd/bias': { shape: [2], data: new Float32Array(2) } });
    const m = await environmentMetrics(spec, params, ds);
    tf.dispose(Object.values(params));
    const agreement = (split: string) => {
      const s = ds.splits[split]!;
      let a = 0;
      for (let i = 0; i < s.n; i++) a += Number(ds.truth[split]!.color[i] === s.y[i]);
      return a / s.n;
    };
    expect(m['accuracy_env0.1']).toBeCloseTo(agreement('env0.1'), 10);
    expect(m['accuracy_env0.2']).toBeCloseTo(agreement('env0.2'), 10);
    expect(m['accuracy_env0.9']).toBeCloseTo(agreement('test'), 10);
    expect(m.test_accuracy).toBe(m['accuracy_env0.9']);
    expect(m.train_accuracy).toBeCloseTo(agreement('train'), 10);
    expect(m.color_kept_accuracy).toBe(m.test_accuracy);
    expect(m.color_flipped_accuracy).toBeCloseTo(1 - m.test_accuracy!, 10);
  });
});
