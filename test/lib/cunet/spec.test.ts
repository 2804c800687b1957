/** Parameter lists against hand formulas, and the forward's shapes and input checks. */
import * as tf from '@tensorflow/tfjs';
import { checkSegModel, countParams, initSegModel, segmentationLogits, segParamInfos, unetForward } from '../../../lib/cunet/index.js';
import { paramsToTensors } from '../../../lib/nn/index.js';
import { createRng, normals, spec, useCpu } from './helpers.js';

beforeAll(useCpu);

// Hand formulas, block cin → c (3×3 kernels: 9·cin·c weights + c biases; instance norm: 2 per channel).
const plain = (cin: number, c: number, norm: boolean) => 9 * cin * c + c + 9 * c * c + c + (norm ? 4 * c : 0);
// lift 3×3 cin→c, g 3×3 c→c, IN(2c), conv3×3 2c→c, IN(c), conv1×1 c→c.
const ode = (cin: number, c: number) => 9 * cin * c + c + (9 * c * c + c) + 4 * c + (18 * c * c + c) + 2 * c + (c * c + c);
function unetCount(block: (cin: number, c: number) => number, levels: number, base: number, cin: number): number {
  const ch = (i: number) => base * 2 ** i;
  let n = 0;
  for (let i = 0; i < levels; i++) n += block(i === 0 ? cin : ch(i - 1), ch(i));
  for (let i = levels - 2; i >= 0; i--) n += 4 * ch(i + 1) * ch(i) + ch(i) + block(2 * ch(i), ch(i));
  return n + ch(0) + 1;
}

test.each([
  [4, 8, 1],
  [4, 16, 1],
  [3, 5, 3],
  [1, 4, 1],
])('parameter counts equal the hand formula (levels %i, base %i, %i input channels)', (levels, base, cin) => {
  expect(countParams(spec({ block: 'ode', levels, baseChannels: base, inputChannels: cin }))).toBe(unetCount(ode, levels, base, cin));
  expect(countParams(spec({ block: 'plain', levels, baseChannels: base, inputChannels: cin }))).toBe(unetCount((a, b) => plain(a, b, true), levels, base, cin));
  expect(countParams(spec({ block: 'plain', norm: false, levels, baseChannels: base, inputChannels: cin }))).toBe(unetCount((a, b) => plain(a, b, false), levels, base, cin));
});

test('steps do not change the parameter count (weights are shared over time)', () => {
  expect(countParams(spec({ steps: 1 }))).toBe(countParams(spec({ steps: 8 })));
});

test('names are unique and the initial model checks', () => {
  const s = spec({ levels: 3 });
  const names = segParamInfos(s).map((p) => p.name);
  expect(new Set(names).size).toBe(names.length);
  const m = initSegModel(s, createRng(1, 'init'));
  expect(() => checkSegModel(m)).not.toThrow();
  expect(m.params['enc0/f_norm1/gamma']!.data.every((v) => v === 1)).toBe(true);
  delete m.params['head/bias'];
  expect(() => checkSegModel(m)).toThrow(/missing parameter 'head\/bias'/);
});

test.each(['ode', 'plain'] as const)('%s U-Net maps [n, h, w, c] to [n, h, w, 1] logits without leaking', async (block) => {
  for (const levels of [1, 3]) {
    const s = spec({ block, levels, inputChannels: 2 });
    const m = initSegModel(s, createRng(2, 'init'));
    const x = tf.tensor4d(normals(2 * 8 * 12 * 2, 1), [2, 8, 12, 2]);
    const before = tf.memory().numTensors;
    const y = segmentationLogits(m, x);
    expect(y.shape).toEqual([2, 8, 12, 1]);
    expect(Array.from(await y.data()).every(Number.isFinite)).toBe(true);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  }
});

test('inputs of the wrong size or channels are refused with the reason', () => {
  const s = spec({ levels: 3 });
  const p = paramsToTensors(initSegModel(s, createRng(2, 'init')).params);
  const x = tf.zeros([1, 6, 8, 1]) as tf.Tensor4D;
  expect(() => unetForward(s, p, x)).toThrow(/multiples of 4, got 6×8/);
  const y = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
  expect(() => unetForward(s, p, y)).toThrow(/1-channel images, got 3/);
  tf.dispose([x, y, ...Object.values(p)]);
});
