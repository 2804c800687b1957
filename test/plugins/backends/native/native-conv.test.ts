/**
 * backend native: Conv2D (plain and fused), both Conv2D backprops and MaxPoolGrad against the
 * cpu backend. Tolerance as in native-matmul.test.ts: inputs in [-1, 1), reductions of at most
 * 5*5*4*... < 300 terms, so reordered float32 sums stay within ~1e-5; 1e-4 keeps a margin while a
 * wrong tap, pad or stride shifts values by O(0.1..1).
 */
import * as tf from '@tensorflow/tfjs';

import { expectClose, onCpu, runOn, seededTensor } from './parity.js';
import { onNative, unbuiltErrorChecked } from './native-gate.js';

const RTOL = 1e-4;
const ATOL = 1e-4;

async function parity(label: string, program: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  if (await unbuiltErrorChecked()) return;
  expectClose(await runOn(onNative, program), await runOn(onCpu, program), RTOL, ATOL, label);
}

interface ConvCase {
  label: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
  dilations?: number;
}

const CASES: ConvCase[] = [
  { label: '3x3 same', x: [2, 9, 9, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { label: '3x3 stride 2 valid', x: [2, 9, 8, 3], f: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { label: '5x5 stride 3 same', x: [1, 11, 13, 2], f: [5, 5, 2, 3], strides: [3, 2], pad: 'same' },
  { label: 'explicit pads', x: [2, 7, 6, 2], f: [3, 2, 2, 3], strides: 1, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { label: 'pointwise 1x1', x: [2, 5, 6, 7], f: [1, 1, 7, 4], strides: 1, pad: 'valid' },
  { label: 'one input channel', x: [3, 8, 8, 1], f: [3, 3, 1, 6], strides: 1, pad: 'same' },
  { label: 'empty batch', x: [0, 6, 6, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' },
];

const tensors = (c: ConvCase) => ({ x: seededTensor(c.x, 21), f: seededTensor(c.f, 22) });

describe('backend native: convolution parity with cpu', () => {
  test.each(CASES)('conv2d forward: $label', async (c) => {
    await parity(c.label, () => {
      const { x, f } = tensors(c);
      return tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
    });
  });

  test('conv2d forward with dilation 2', async () => {
    await parity('dilated', () => {
      const x = seededTensor([2, 10, 9, 3], 1) as tf.Tensor4D;
      return tf.conv2d(x, seededTensor([3, 3, 3, 2], 2) as tf.Tensor4D, 1, 'same', 'NHWC', 2);
    });
  });

  test.each(CASES)('conv2d input and filter gradients: $label', async (c) => {
    await parity(c.label, () => {
      const { x, f } = tensors(c);
      const y = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad);
      const r = seededTensor(y.shape, 23); // dy
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)),
      );
      return g([x, f]);
    });
  });

  test.each(['linear', 'relu', 'elu', 'sigmoid'] as const)('fused conv2d with bias and %s', async (activation) => {
    await parity(activation, () =>
      tf.fused.conv2d({
        x: seededTensor([2, 7, 7, 3], 31) as tf.Tensor4D,
        filter: seededTensor([3, 3, 3, 4], 32) as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        bias: seededTensor([4], 33),
        activation,
      }),
    );
  });

  test.each([
    { label: '2x2 stride 2 valid', size: 2, stride: 2, pad: 'valid' as const, x: [2, 8, 8, 3] },
    { label: '3x3 stride 2 same', size: 3, stride: 2, pad: 'same' as const, x: [2, 9, 7, 4] },
    { label: '3x3 stride 1 same (overlapping)', size: 3, stride: 1, pad: 'same' as const, x: [1, 6, 6, 2] },
  ])('maxPool gradient: $label', async (c) => {
    await parity(c.label, () => {
      const x = seededTensor(c.x, 41) as tf.Tensor4D;
      const y = tf.maxPool(x, c.size, c.stride, c.pad);
      const r = seededTensor(y.shape, 42);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad), r)))(x);
    });
  });
});
