/**
 * Backend parity helpers: run one tensor program on the cpu backend (the oracle) and on the
 * backend under test, with identical seeded inputs, and compare element by element.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../support/mulberry32.js';

export interface Result {
  shape: number[];
  values: Float32Array;
}

/** Deterministic uniform values in [-1, 1) (mulberry32), independent of any tfjs backend. */
export function seeded(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = next() * 2 - 1;
  return out;
}

export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seeded(tf.util.sizeFromShape(shape), seed), shape, 'float32');
}

/** Runs `program` on the backend `select` activates; results are read asynchronously. */
export async function runOn(
  select: () => Promise<void>,
  program: () => tf.Tensor | tf.Tensor[],
): Promise<Result[]> {
  await select();
  const outs = tf.tidy(program);
  const list = Array.isArray(outs) ? outs : [outs];
  const results: Result[] = [];
  for (const t of list) results.push({ shape: t.shape, values: (await t.data()) as Float32Array });
  tf.dispose(list);
  return results;
}

export const onCpu = async (): Promise<void> => {
  await tf.setBackend('cpu');
};

/**
 * |actual - expected| <= atol + rtol * |expected| everywhere, shapes equal; a failure names the
 * worst element and how many tolerances it is off.
 */
export function expectClose(actual: Result[], expected: Result[], rtol: number, atol: number, label = ''): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    expect({ label, output: i, shape: a.shape }).toEqual({ label, output: i, shape: e.shape });
    let worst = 0;
    let where = -1;
    for (let j = 0; j < e.values.length; j++) {
      const ratio = Math.abs(a.values[j] - e.values[j]) / (atol + rtol * Math.abs(e.values[j]));
      if (Number.isNaN(ratio)) {
        throw new Error(`${label} output ${i}: element ${j} is ${a.values[j]}, expected ${e.values[j]}`);
      }
      if (ratio > worst) {
        worst = ratio;
        where = j;
      }
    }
    if (worst > 1) {
      throw new Error(
        `${label} output ${i}: element ${where} is ${a.values[where]}, expected ${e.values[where]} ` +
          `(${worst.toFixed(1)}x the tolerance)`,
      );
    }
  });
}
