/** Shared fixtures for the nn tests: a seeded rng, tiny separable data, the cpu backend. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import type { Split } from '../../../lib/data/index.js';

export { createRng };

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * `perClass` points around each of `k` well-separated centres in `dim` dimensions
 * (centre c has +4 on coordinate c mod dim), noise 0.5: linearly separable with margin.
 */
export function blobs(k: number, perClass: number, dim: number, seed = 3): Split {
  const rng = createRng(seed, 'blobs');
  const n = k * perClass;
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let d = 0; d < dim; d++) x[i * dim + d] = 0.5 * rng.normal() + (d === c % dim ? (c < dim ? 4 : -4) : 0);
  }
  return { x, y, n };
}

export async function values(t: tf.Tensor): Promise<Float32Array> {
  return new Float32Array(await t.data());
}
