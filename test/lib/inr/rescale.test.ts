/**
 * Test-time gradient rescaling: the step follows the full-context gradient with the pruned
 * gradient's norm, checked on plain tensors and through a test-time adaptation step.
 */
import * as tf from '@tensorflow/tfjs';
import { adapt, globalNorm, innerGradient, type Params } from '../../../lib/meta/index.js';
import { rescaleGradient, selectByScore, signalTask, testHooks, type InrMethod } from '../../../lib/inr/index.js';
import { tinySiren, useCpu } from './helpers.js';

beforeAll(useCpu);

const norm = async (g: Params) => (await globalNorm(g).data())[0]!;

test('the rescaled gradient has the subset gradient\'s norm and the full gradient\'s direction', async () => {
  const full = { a: tf.tensor1d([3, -1, 2]), b: tf.tensor2d([[0.5, 4]]) };
  const subset = { a: tf.tensor1d([0.1, 0.2, 0]), b: tf.tensor2d([[-0.3, 0.05]]) };
  const r = rescaleGradient(full, subset);
  expect(await norm(r)).toBeCloseTo(await norm(subset), 6);
  const dot = (await tf.sum(tf.mul(r.a!, full.a)).data())[0]! + (await tf.sum(tf.mul(r.b!, full.b)).data())[0]!;
  expect(dot / ((await norm(r)) * (await norm(full)))).toBeCloseTo(1, 6);
  tf.dispose([...Object.values(full), ...Object.values(subset), ...Object.values(r)]);
});

test('a test-time step with rescaling is θ − α·g_full·‖g_subset‖/‖g_full‖', async () => {
  const { spec, params } = tinySiren();
  const coords = tf.randomUniform([24, 2], -1, 1, 'float32', 5) as tf.Tensor2D;
  const target = tf.randomUniform([24, 1], 0, 1, 'float32', 6) as tf.Tensor2D;
  const m: InrMethod = { innerSteps: 1, innerLr: 1e-2, order: 'second', keep: 0.25, rescale: true };
  const plain = signalTask(spec, coords, target);
  const stepped = (await adapt(signalTask(spec, coords, target, testHooks(plain, m)), params, { steps: 1, lr: m.innerLr })).params;
  // Oracle, assembled by hand from the two gradients.
  const rows = tf.tensor1d(await selectByScore(spec, params, coords, target, 0.25), 'int32');
  const gFull = innerGradient(plain, params);
  const gSub = innerGradient(plain, params, rows);
  const scale = (await norm(gSub)) / (await norm(gFull));
  expect(scale).not.toBeCloseTo(1, 2); // the two norms differ, so the test can fail
  for (const n of Object.keys(params)) {
    const want = await tf.sub(params[n]!, tf.mul(gFull[n]!, m.innerLr * scale)).data();
    const got = await stepped[n]!.data();
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  }
  // Without rescaling the test-time hooks are none: plain full-context steps.
  expect(testHooks(plain, { ...m, rescale: false })).toBeUndefined();
  expect(testHooks(plain, { ...m, keep: 1 })).toBeUndefined();
  tf.dispose([coords, target, rows, ...Object.values(params), ...Object.values(stepped), ...Object.values(gFull), ...Object.values(gSub)]);
});
