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
  // Even filter, stride 1: 'same' pads asymmetrically (the input gradient's flipped-conv path).
  { x: [2, 5, 6, 2], f: [2, 2, 2, 3], stride: 1, pad: 'same' },
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
        'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum', '_FusedMatMul', 'MaxPoolGrad', 'GatherV2', 'LogicalAnd'].sort(),
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

  it('Conv2DBackpropFilter / Input kernels with a numeric pad and stride 2', async () => {
    const attrs = { strides: [2, 2], pad: 1, dataFormat: 'NHWC', dimRoundingMode: 'floor' };
    await expectParity(() => {
      const x = seeded([2, 7, 8, 3], 4);
      const dy = seeded([2, 4, 4, 2], 5);
      const filter = seeded([3, 3, 3, 2], 6);
      const dfilter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 3, 2] } as never) as tf.Tensor;
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: [2, 7, 8, 3] } as never) as tf.Tensor;
      return [dfilter, dx];
    });
  });

  it('Conv2DBackpropInput, stride 1 with a pad wider than the filter (col2im fallback)', async () => {
    await expectParity(() => {
      const dy = seeded([2, 9, 10, 2], 34);
      const filter = seeded([3, 3, 3, 2], 35);
      return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { strides: [1, 1], pad: 3, dataFormat: 'NHWC', inputShape: [2, 5, 6, 3] } as never) as tf.Tensor;
    });
  });

  it('fused conv2d with bias and relu, batch 2, and its gradients', async () => {
    await expectParity(() => {
      const x = seeded([2, 6, 7, 3], 30) as tf.Tensor4D;
      const f = seeded([3, 3, 3, 4], 31) as tf.Tensor4D;
      const bias = seeded([4], 32) as tf.Tensor1D;
      const conv = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, bias: c, strides: 1, pad: 'same', activation: 'relu' });
      const y = conv(x, f, bias);
      const r = seeded(y.shape, 33);
      return [y, ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(conv(a, b, c), r)))([x, f, bias])];
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

describe('max-pool gradient of all-negative windows (stock wasm 4.22 got it wrong)', () => {
  it('goes to the largest input, not the first', async () => {
    await expectParity(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d([-0.5, -0.2, -0.9, -0.3], [1, 2, 2, 1])));
    await wasmBackend.activate();
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d([-0.5, -0.2, -0.9, -0.3], [1, 2, 2, 1]));
    expect(Array.from(await g.data())).toEqual([0, 1, 0, 0]);
    g.dispose();
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

  it('backprop kernels with dilation 2, through ⟨conv(x,w),dy⟩ = ⟨x,dx⟩ = ⟨w,dw⟩', async () => {
    // The cpu backend's DepthwiseConv2dNativeBackpropFilter ignores dilations, so it cannot be
    // the oracle here. The forward (stock, compared with cpu below) and the bilinear identity
    // are: float32 sums of ~10³ terms, so 1e-4 of Σ|terms| is ample and a wrong tap is O(1).
    const attrs = { strides: [1, 1], pad: 'same', dilations: [2, 2], dimRoundingMode: undefined };
    await expectParity(() => tf.depthwiseConv2d(seeded([2, 8, 7, 2], 15) as tf.Tensor4D, seeded([3, 3, 2, 2], 17) as tf.Tensor4D, 1, 'same', 'NHWC', 2));
    await wasmBackend.activate();
    const [y, dy, x, w, dx, dw] = await Promise.all(
      tf.tidy(() => {
        const x = seeded([2, 8, 7, 2], 15);
        const w = seeded([3, 3, 2, 2], 17);
        const dy = seeded([2, 8, 7, 4], 16);
        const y = tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NHWC', 2);
        const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: [3, 3, 2, 2] } as never) as tf.Tensor;
        const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: [2, 8, 7, 2] } as never) as tf.Tensor;
        return [y, dy, x, w, dx, dw];
      }).map(async (t) => {
        const d = await t.data();
        t.dispose();
        return d as Float32Array;
      }),
    );
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const scale = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v * b[i]!), 0);
    const forward = dot(y!, dy!);
    expect(Math.abs(dot(x!, dx!) - forward)).toBeLessThan(1e-4 * scale(x!, dx!));
    expect(Math.abs(dot(w!, dw!) - forward)).toBeLessThan(1e-4 * scale(w!, dw!));
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

describe('layouts the added kernels leave to stock wasm', () => {
  it('Conv2DBackpropInput in NCHW goes to the stock kernel and matches cpu', async () => {
    await expectParity(() => {
      const dy = seeded([2, 2, 3, 4], 40);
      const filter = seeded([3, 3, 4, 2], 41);
      return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', inputShape: [2, 4, 3, 4] } as never) as tf.Tensor;
    });
  });
});

describe('GatherV2 and LogicalAnd (replaced for speed) on wasm vs cpu', () => {
  it('gathers floats, ints and bools on several axes, with batchDims 1', async () => {
    await expectParity(() => {
      const x = seeded([4, 5, 6], 50);
      const idx = tf.tensor1d([3, 0, 0, 2, 1, 3, 3], 'int32');
      const bidx = tf.tensor2d([[0, 4], [1, 1], [3, 2], [4, 0]], [4, 2], 'int32');
      return [
        tf.gather(x, idx, 0),
        tf.gather(x, idx, 1),
        tf.gather(x, tf.tensor1d([5, 0], 'int32'), -1),
        tf.gather(x, bidx, 1, 1),
        tf.cast(tf.gather(tf.cast(tf.mul(x, 10), 'int32'), idx, 2), 'float32'),
        tf.cast(tf.gather(tf.greater(x, 0), idx, 0), 'float32'),
        tf.gather(x, tf.tensor2d([[1, 2], [0, 3]], [2, 2], 'int32'), 0),
      ];
    });
  });

  it('rejects out-of-range indices like cpu', async () => {
    await wasmBackend.activate();
    expect(() => tf.tidy(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([3], 'int32')))).toThrow(/index value 3 is not in \[0, 2\]/);
  });

  it('logicalAnd with broadcasting', async () => {
    await expectParity(() => {
      const a = tf.greater(seeded([5, 1, 4], 51), 0);
      const b = tf.greater(seeded([3, 4], 52), -0.3);
      return [tf.cast(tf.logicalAnd(a, b), 'float32'), tf.cast(tf.logicalAnd(b, b), 'float32'), tf.cast(tf.logicalAnd(a, tf.scalar(true)), 'float32')];
    });
  });
});
