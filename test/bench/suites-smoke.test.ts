/**
 * Each suite runs end to end on a toy size (the real sizes are for `npm run bench`, never for
 * tests): it yields positive finite throughputs and disposes every tensor it made.
 */
import * as tf from '@tensorflow/tfjs';
import { suites } from '../../bench/suites/index.js';
import type { BenchParams, BenchResult } from '../../bench/types.js';
import { wasmBackend } from '../../plugins/backends/wasm/index.js';

const toy: Record<string, BenchParams> = {
  matmul: { n: 16 },
  mlp: { layers: [12, 8, 3], batch: 4 },
  cnn: { batch: 2, size: 8, conv: [2, 3], hidden: 5, classes: 3 },
  gnn: { nodes: 20, edges: 50, features: 4 },
  verify: { layers: [12, 8, 3], samples: 6, batch: 3, trainBatch: 4, eps: 0.1 },
  cunet: { levels: 2, cunetBase: 2, odeSteps: 1, crop: 8, batch: 1, steps: 1 },
  'segmentation-memory': { tiles: [8, 16], crops: [8], batch: 1 },
};

describe.each(suites.filter((s) => s.name in toy).map((s) => [s.name, s] as const))('suite %s', (name, suite) => {
  it('yields finite positive results without leaking tensors', async () => {
    await wasmBackend.activate();
    const before = tf.memory().numTensors;
    const results: BenchResult[] = [];
    const opts = { backend: 'wasm', quick: true, peakGflops: 100, slow: true, log: () => {} };
    for await (const r of suite.run(opts, toy[name]!)) results.push(r);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.backend).toBe('wasm');
      expect(Number.isFinite(r.value) && r.value > 0).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
