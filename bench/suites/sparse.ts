/**
 * Sparse inference of one dense layer: y = x·W with W [n, n] (1024 by default) at several
 * sparsities, batch 64. Dense: tfjs matMul on the backend under test (W with its zeros, read
 * back with `await data()`). Sparse: lib/sparse's CSR kernel in plain JS on Wᵀ, feature-major
 * input (the layout sparse inference keeps between layers, so no transposes per layer).
 * Value: dense time / sparse time (> 1: the sparse path is faster).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../kernel/rng.js';
import { csrMatMul, denseToCsrTransposed, nnz } from '../../lib/sparse/index.js';
import { median, repPlan } from '../measure.js';
import type { BenchSuite } from '../types.js';

function sparseWeights(n: number, sparsity: number, seed: number): Float32Array {
  const rng = createRng(seed, 'bench-sparse');
  return Float32Array.from({ length: n * n }, () => (rng.next() < sparsity ? 0 : rng.normal()));
}

export const sparseSuite: BenchSuite = {
  name: 'sparse',
  description: 'one n×n dense layer, batch 64: tfjs matMul vs CSR kernel at 0–99% sparsity',
  params: (quick) => ({ n: quick ? 256 : 1024, batch: 64, sparsities: [0, 0.5, 0.8, 0.9, 0.95, 0.99] }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'cpu takes seconds per product; use --quick' : undefined),
  async *run(opts, params) {
    const n = params.n as number;
    const batch = params.batch as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 3, reps: 21, steps: 1 });
    const rng = createRng(1, 'bench-x');
    const xData = Float32Array.from({ length: batch * n }, () => rng.normal());
    const xT = new Float32Array(n * batch);
    for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) xT[i * batch + b] = xData[b * n + i]!;
    const x = tf.tensor2d(xData, [batch, n]);
    try {
      for (const s of params.sparsities as number[]) {
        const wData = sparseWeights(n, s, 2);
        const w = tf.tensor2d(wData, [n, n]);
        const csr = denseToCsrTransposed(wData, n, n);
        const out = new Float32Array(n * batch);
        const denseMs: number[] = [];
        const sparseMs: number[] = [];
        // Alternating repetitions: a busy shared machine slows both sides alike.
        for (let r = 0; r < plan.warmup + plan.reps; r++) {
          const t0 = performance.now();
          const y = tf.matMul(x, w);
          await y.data();
          y.dispose();
          const t1 = performance.now();
          csrMatMul(csr, xT, batch, out);
          const t2 = performance.now();
          if (r >= plan.warmup) {
            denseMs.push(t1 - t0);
            sparseMs.push(t2 - t1);
          }
        }
        w.dispose();
        const dense = { medianMs: median(denseMs) };
        const sparse = { medianMs: median(sparseMs) };
        const pct = Math.round(s * 100);
        yield {
          bench: `sparse-layer-${n}-b${batch}-s${pct}`,
          backend: opts.backend,
          value: dense.medianMs / sparse.medianMs,
          unit: '× vs dense',
          note: `dense ${dense.medianMs.toFixed(2)} ms, sparse ${sparse.medianMs.toFixed(2)} ms, nnz ${nnz(csr)}`,
        };
      }
    } finally {
      x.dispose();
    }
  },
};
