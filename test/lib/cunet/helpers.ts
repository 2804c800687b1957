/** Small specs and seeded inputs for the U-Net tests (cpu backend: the oracle). */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import type { UNetSpec } from '../../../lib/cunet/index.js';

export { createRng };

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function spec(over: Partial<UNetSpec> = {}): UNetSpec {
  return { type: 'unet', block: 'ode', inputChannels: 1, levels: 2, baseChannels: 2, steps: 2, activation: 'tanh', norm: true, epsilon: 1e-5, ...over };
}

/** Seeded standard-normal values. */
export function normals(n: number, seed = 3): Float32Array {
  const rng = createRng(seed, 'normals');
  return Float32Array.from({ length: n }, () => rng.normal());
}
