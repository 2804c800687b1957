/** Small fixtures for the INR tests: a seeded source, a tiny SIREN, synthetic signals. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import { initSiren, type SignalSet, type SirenSpec } from '../../../lib/inr/index.js';
import { paramsToTensors } from '../../../lib/nn/index.js';
import type { Params } from '../../../lib/meta/index.js';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

export const rng = (label: string, seed = 1) => createRng(seed, label);

export function tinySiren(o: Partial<SirenSpec> = {}): { spec: SirenSpec; params: Params } {
  const spec: SirenSpec = { type: 'siren', inDim: 2, outDim: 1, layers: 3, width: 8, w0: 30, ...o };
  return { spec, params: paramsToTensors(initSiren(spec, rng('init')).params) };
}

/** `n` smooth grey images per split on a side×side grid: shifted, scaled sinusoid blobs in [0, 1]. */
export function syntheticSignals(side: number, train: number, test: number): SignalSet {
  const r = rng('signals');
  const make = (n: number) => {
    const values = new Float32Array(n * side * side);
    for (let i = 0; i < n; i++) {
      const fx = 1 + 2 * r.next();
      const fy = 1 + 2 * r.next();
      const ph = 6 * r.next();
      for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) values[i * side * side + y * side + x] = 0.5 + 0.5 * Math.sin((fx * x + fy * y) / side * 3 + ph);
    }
    return { values, n };
  };
  return { kind: 'signals', source: 'synthetic', grid: [side, side], channels: 1, splits: { train: make(train), test: make(test) } };
}
