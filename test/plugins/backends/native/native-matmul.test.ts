/**
 * backend native: BatchMatMul and _FusedMatMul against the cpu backend.
 * Tolerance: inputs lie in [-1, 1) and inner sizes are <= 130, so float32 sums taken in a
 * different order (BLAS blocks them) differ by about K * 2^-24 * |partial sums| < 1e-5; 1e-4
 * (absolute + relative) keeps a margin while any indexing or transpose slip gives O(0.1..1).
 */
import * as tf from '@tensorflow/tfjs';

import { expectClose, onCpu, runOn, seededTensor } from './parity.js';
import { onNative, unbuiltErrorChecked } from './native-gate.js';

const RTOL = 1e-4;
const ATOL = 1e-4;

async function parity(label: string, program: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  if (await unbuiltErrorChecked()) return;
  const expected = await runOn(onCpu, program);
  const actual = await runOn(onNative, program);
  expectClose(actual, expected, RTOL, ATOL, label);
}

/** Operand shapes for C[m,n] = op(A) op(B) with the given transposes and batch dims. */
function operands(
  m: number, n: number, k: number, tA: boolean, tB: boolean, batchA: number[] = [], batchB: number[] = [],
) {
  const a = seededTensor([...batchA, ...(tA ? [k, m] : [m, k])], 11 + m + 3 * k);
  const b = seededTensor([...batchB, ...(tB ? [n, k] : [k, n])], 97 + n + 5 * k);
  return { a, b };
}

const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe('backend native: matMul parity with cpu', () => {
  test.each(TRANSPOSES)('transposeA=%s transposeB=%s over odd sizes', async (tA, tB) => {
    for (const [m, n, k] of [[5, 3, 7], [65, 33, 129], [1, 1, 1], [17, 1, 40]]) {
      await parity(`${m}x${n}x${k}`, () => {
        const { a, b } = operands(m, n, k, tA, tB);
        return tf.matMul(a, b, tA, tB);
      });
    }
  });

  test.each(TRANSPOSES)('batched, transposeA=%s transposeB=%s', async (tA, tB) => {
    await parity('equal batches', () => {
      const { a, b } = operands(6, 5, 9, tA, tB, [4], [4]);
      return tf.matMul(a, b, tA, tB);
    });
    await parity('rank 4 equal batches', () => {
      const { a, b } = operands(3, 4, 5, tA, tB, [2, 3], [2, 3]);
      return tf.matMul(a, b, tA, tB);
    });
  });

  test('batch dims broadcast like numpy', async () => {
    // The oracle multiplies explicitly broadcast copies, so it does not rely on any backend's
    // own broadcasting (tfjs's cpu kernel indexes batches modulo their count).
    const cases: [number[], number[], number[]][] = [
      [[1], [3], [3]],
      [[], [2, 3], [2, 3]],
      [[2, 1], [3], [2, 3]],
      [[2, 1], [1, 4], [2, 4]],
    ];
    for (const [batchA, batchB, outBatch] of cases) {
      for (const [tA, tB] of TRANSPOSES) {
        const make = () => operands(4, 3, 5, tA, tB, batchA, batchB);
        const [expected] = await runOn(onCpu, () => {
          const { a, b } = make();
          const full = (t: tf.Tensor) => tf.broadcastTo(t, [...outBatch, ...t.shape.slice(-2)]);
          return tf.matMul(full(a), full(b), tA, tB);
        });
        if (await unbuiltErrorChecked()) return;
        const actual = await runOn(onNative, () => {
          const { a, b } = make();
          return tf.matMul(a, b, tA, tB);
        });
        expectClose(actual, [expected], RTOL, ATOL, `[${batchA}] x [${batchB}] tA=${tA} tB=${tB}`);
      }
    }
  });

  test('zero-size dims give empty or zero results', async () => {
    const cases: [number, number, number, number[]][] = [
      [0, 3, 4, []], [3, 0, 4, []], [3, 4, 0, []], [3, 4, 5, [0]], [2, 2, 0, [3]],
    ];
    for (const [m, n, k, batch] of cases) {
      await parity(`m=${m} n=${n} k=${k} batch=[${batch}]`, () => {
        const { a, b } = operands(m, n, k, false, true, batch, batch);
        return tf.matMul(a, b, false, true);
      });
    }
  });

  test('gradients of a matmul chain', async () => {
    await parity('grads', () => {
      const { a, b } = operands(7, 6, 8, false, false);
      const r = seededTensor([7, 6], 5);
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), r)));
      return g([a, b]);
    });
  });

  const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'] as const;

  test.each(ACTIVATIONS)('fused matMul with bias and %s', async (activation) => {
    for (const biasShape of [[6], [1]]) {
      await parity(`bias [${biasShape}]`, () => {
        const a = tf.mul(seededTensor([5, 9], 3), 4);
        const b = seededTensor([6, 9], 4);
        return tf.fused.matMul({
          a, b, transposeB: true, bias: seededTensor(biasShape, 8), activation,
          preluActivationWeights: activation === 'prelu' ? seededTensor([6], 9) : undefined,
          leakyreluAlpha: 0.15,
        });
      });
    }
  });
});
