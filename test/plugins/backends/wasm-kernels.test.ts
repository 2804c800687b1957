/**
 * Every kernel pipewright adds to the wasm backend, against tfjs's cpu backend (see parity.ts for
 * the tolerance): through the public ops and their gradients (tf.grads), and through the kernels
 * directly where the public gradient refuses an attribute (dilations) or a shape.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../../../plugins/backends/wasm/index.js';
import { activeWasmKernelPatches } from '../../../plugins/backends/wasm/kernels/index.js';
import { expectParity, seeded } from './parity.js';

type Pad = 'same' | 'valid';
type S4 = [number, number, number, number];

/** Odd sizes, strides 1/2 (and mixed), both paddings, batch and channels > 1. */
const convCases: { x: S4; f: S4; stride: number | [number, number]; pad: Pad }[] = [
  { x: [2, 7, 9, 3], f: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 4], stride: 2, pad: 'same' },
  { x: [2, 8, 7, 3], f: [2, 3, 3, 3], stride: 2, pad: 'valid' },
  { x: [1, 5, 11, 4], f: [3, 1, 4, 2], stride: [1, 2], pad: 'valid' },
  { x: [4, 6, 6, 1], f: [5, 5, 1, 6], stride: 1, pad: 'same' },
  { x: [2, 3, 3, 2], f: [1, 1, 2, 3], stride: 1, pad: 'valid' },
];

beforeAll(async () => {
  await wasmBackend.activate();
});

afterAll(async () => {
  await wasmBackend.activate();
});

describe('wasm kernel patches', () => {
  it('are all active after activate()', () => {
    expect(activeWasmKernelPatches().sort()).toEqual(
      ['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum', '_FusedMatMul'].sort(),
    );
  });
});

describe('conv2d on wasm vs cpu', () => {
  it.each(convCases)('forward and gradients: x=$x f=$f stride=$stride $pad', async (c) => {
    await expectParity(() => {
      const x = seeded(c.x, 1) as tf.Tensor4D;
      const f = seeded(c.f, 2) as tf.Tensor4D;
      const y = tf.conv2d(x, f, c.stride, c.pad);
      // A random cotangent, so the gradient is not the all-ones special case.
      const r = seeded(y.shape, 3);
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), r)))([x, f]);
      return [y, dx!, df!];
    });
  });

  it('Conv2DBackpropFilter / Input kernels with dilation 2 (the public gradient refuses it)', async () => {
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
    await expectParity(() => {
      const x = seeded([2, 7, 8, 3], 4);
      const dy = seeded([2, 7, 8, 2], 5);
      const filter = seeded([3, 3, 3, 2], 6);
      const dfilter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 2] } as never) as tf.Tensor;
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 7, 8, 3] } as never) as tf.Tensor;
      return [dfilter, dx];
    });
  });

  it('conv2dTranspose (Conv2DBackpropInput forward) with stride 2', async () => {
    await expectParity(() => tf.conv2dTranspose(seeded([2, 4, 5, 3], 7) as tf.Tensor4D, seeded([3, 3, 2, 3], 8) as tf.Tensor4D, [2, 7, 9, 2], 2, 'same'));
  });

  it('an empty batch gives empty gradients of the right shape', async () => {
    await wasmBackend.activate();
    const [dx, df] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([tf.zeros([0, 5, 5, 2]), seeded([3, 3, 2, 4], 9)]),
    );
    expect(dx!.shape).toEqual([0, 5, 5, 2]);
    expect(df!.shape).toEqual([3, 3, 2, 4]);
    expect(Array.from(await df!.data()).every((v) => v === 0)).toBe(true);
    tf.dispose([dx!, df!]);
  });
});

describe('pooling gradients on wasm vs cpu', () => {
  it.each([
    { x: [2, 7, 9, 3] as S4, size: 2, stride: 2, pad: 'valid' as Pad },
    { x: [3, 9, 7, 2] as S4, size: 3, stride: 2, pad: 'same' as Pad },
    { x: [1, 5, 6, 4] as S4, size: 2, stride: 1, pad: 'same' as Pad },
  ])('maxPool and avgPool: x=$x size=$size stride=$stride $pad', async (c) => {
    await expectParity(() => {
      const x = seeded(c.x, 10) as tf.Tensor4D;
      const mx = tf.maxPool(x, c.size, c.stride, c.pad);
      const rm = seeded(mx.shape, 11);
      const dmax = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad), rm)))(x);
      const davg = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(a as tf.Tensor4D, c.size, c.stride, c.pad), rm)))(x);
      return [mx, dmax, davg];
    });
  });
});

describe('depthwise conv2d on wasm vs cpu', () => {
  it.each([
    { x: [2, 7, 9, 3] as S4, f: [3, 3, 3, 1] as S4, stride: 1, pad: 'same' as Pad },
    { x: [3, 9, 7, 2] as S4, f: [3, 3, 2, 2] as S4, stride: 2, pad: 'same' as Pad },
    { x: [2, 8, 7, 3] as S4, f: [2, 3, 3, 3] as S4, stride: 2, pad: 'valid' as Pad },
  ])('forward and gradients: x=$x f=$f stride=$stride $pad', async (c) => {
    await expectParity(() => {
      const x = seeded(c.x, 12) as tf.Tensor4D;
      const f = seeded(c.f, 13) as tf.Tensor4D;
      const y = tf.depthwiseConv2d(x, f, c.stride, c.pad);
      const r = seeded(y.shape, 14);
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), r)))([x, f]);
      return [y, dx!, df!];
    });
  });

  it('backprop kernels with dilation 2', async () => {
    const attrs = { strides: [1, 1], pad: 'same', dilations: [2, 2], dimRoundingMode: undefined };
    await expectParity(() => {
      const x = seeded([2, 8, 7, 2], 15);
      const dy = seeded([2, 8, 7, 4], 16);
      const filter = seeded([3, 3, 2, 2], 17);
      const df = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 2, 2] } as never) as tf.Tensor;
      const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 8, 7, 2] } as never) as tf.Tensor;
      return [df, dx];
    });
  });
});

describe('UnsortedSegmentSum and the gather gradient on wasm vs cpu', () => {
  const ids = [4, 0, 2, 2, 7, 1, 4, 4, -1, 3, 0];
  it('segment sums, ids out of range dropped', async () => {
    await expectParity(() => tf.unsortedSegmentSum(seeded([ids.length, 3, 2], 18), tf.tensor1d(ids, 'int32'), 6));
  });

  it('gradient of gather on axis 0 and axis 1', async () => {
    await expectParity(() => {
      const p = seeded([5, 6], 19);
      const idx = tf.tensor1d([0, 4, 4, 2, 1, 4], 'int32');
      const r0 = seeded([6, 6], 20);
      const r1 = seeded([5, 6], 21);
      const g0 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, idx, 0), r0)))(p);
      const g1 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, idx, 1), r1)))(p);
      return [g0, g1];
    });
  });

  it('no rows gives zeros; mismatched shapes give a clear error', async () => {
    await wasmBackend.activate();
    const z = tf.unsortedSegmentSum(tf.zeros([0, 3]), tf.tensor1d([], 'int32'), 4);
    expect(z.shape).toEqual([4, 3]);
    expect(Array.from(await z.data()).every((v) => v === 0)).toBe(true);
    z.dispose();
    expect(() => tf.tidy(() => tf.unsortedSegmentSum(tf.zeros([4, 3]), tf.tensor1d([0, 1, 2], 'int32'), 4))).toThrow(/must be a prefix/);
  });
});

describe('matMul with transposed operands on wasm vs cpu', () => {
  it.each([
    { a: [7, 5], b: [5, 9], ta: false, tb: false },
    { a: [5, 7], b: [5, 9], ta: true, tb: false },
    { a: [7, 5], b: [9, 5], ta: false, tb: true },
    { a: [5, 7], b: [9, 5], ta: true, tb: true },
    { a: [3, 7, 5], b: [1, 40, 5], ta: false, tb: true },
    { a: [2, 5, 7], b: [2, 5, 3], ta: true, tb: false },
    { a: [3, 4], b: [0, 4], ta: false, tb: true },
  ])('a=$a b=$b transposeA=$ta transposeB=$tb, plain and fused (bias + relu)', async (c) => {
    await expectParity(() => {
      const a = seeded(c.a, 22);
      const b = seeded(c.b, 23);
      const plain = tf.matMul(a, b, c.ta, c.tb);
      const bias = seeded([plain.shape.at(-1)!], 24);
      const fused = tf.fused.matMul({ a, b, transposeA: c.ta, transposeB: c.tb, bias, activation: 'relu' });
      return [plain, fused];
    });
  });

  it('gradients of a dense layer', async () => {
    await expectParity(() => {
      const x = seeded([13, 17], 25);
      const w = seeded([17, 11], 26);
      const r = seeded([13, 11], 27);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.matMul(a, b)), r)))([x, w]);
    });
  });
});
