/**
 * Sparse inference of one dense layer: y = x·W with W [n, n] (1024 by default) at several
 * sparsities, batch 64. Dense: tfjs matMul on the backend under test (W with its zeros, read
 * back with `await data()`). Sparse: lib/sparse's CSR product on Wᵀ with feature-major input
 * (the layout sparse inference keeps between layers, so no transposes per layer), timed with
 * the copies of x into and y out of the kernel's memory: the wasm SIMD kernel (what inference
 * uses), the plain-JS fallback (`-js`) and, on the `native` backend with an addon built with
 * native/src/csr.c, the C kernel (`-native`).
 * Value: dense time / sparse time (> 1: the sparse path is faster).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../kernel/rng.js';
import { denseToCsrTransposed, nnz, spmm, spmmKernel, spmmPrepare, type Csr } from '../../lib/sparse/index.js';
import { loadNativeAddon } from '../../plugins/backends/native/addon.js';
import { median, repPlan } from '../measure.js';
import type { BenchSuite } from '../types.js';

function sparseWeights(n: number, sparsity: number, seed: number): Float32Array {
  const rng = createRng(seed, 'bench-sparse');
  return Float32Array.from({ length: n * n }, () => (rng.next() < sparsity ? 0 : rng.normal()));
}

/** A sparse product under test: `prepare` does the once-per-matrix work, untimed. */
interface SparseKernel {
  name: string;
  /** Bench id suffix; the kernel inference uses has none. */
  suffix: string;
  prepare(a: Csr): (b: Float32Array, n: number, out: Float32Array) => void;
}

/** The addon's CSR product (native/src/csr.c), present in builds that include it. */
type CsrAddon = { csrMatMul?(rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number): void };

/** lib/sparse's kernels (wasm SIMD when available, JS), and on `native` the addon's C kernel. */
function sparseKernels(backend: string): SparseKernel[] {
  const lib = (k: 'wasm-simd' | 'js'): SparseKernel => ({
    name: k,
    suffix: k === spmmKernel() ? '' : `-${k}`,
    prepare: (a) => {
      spmmPrepare(a, k);
      return (b, n, out) => void spmm(a, b, n, out, k);
    },
  });
  const kernels = spmmKernel() === 'wasm-simd' ? [lib('wasm-simd'), lib('js')] : [lib('js')];
  const load = backend === 'native' ? loadNativeAddon() : null;
  const addon = load?.addon as CsrAddon | null | undefined;
  if (addon?.csrMatMul) {
    const mul = addon.csrMatMul.bind(addon);
    kernels.push({ name: 'native-c', suffix: '-native', prepare: (a) => (b, n, out) => mul(a.rowPtr, a.colIdx, a.values, b, out, a.rows, n) });
  }
  return kernels;
}

export const sparseSuite: BenchSuite = {
  name: 'sparse',
  description: 'one n×n dense layer, batch 64: tfjs matMul vs CSR kernels (wasm SIMD, JS) at 0–99% sparsity',
  params: (quick) => ({ n: quick ? 256 : 1024, batch: 64, sparsities: [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] }),
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
    const kernels = sparseKernels(opts.backend);
    const crossover = new Map<string, number>();
    try {
      for (const s of params.sparsities as number[]) {
        const wData = sparseWeights(n, s, 2);
        const w = tf.tensor2d(wData, [n, n]);
        const csr = denseToCsrTransposed(wData, n, n);
        const runs = kernels.map((k) => k.prepare(csr));
        const out = new Float32Array(n * batch);
        const denseMs: number[] = [];
        const sparseMs = kernels.map((): number[] => []);
        // Alternating repetitions: a busy shared machine slows all sides alike.
        for (let r = 0; r < plan.warmup + plan.reps; r++) {
          const t0 = performance.now();
          const y = tf.matMul(x, w);
          await y.data();
          y.dispose();
          if (r >= plan.warmup) denseMs.push(performance.now() - t0);
          runs.forEach((run, i) => {
            const t1 = performance.now();
            run(xT, batch, out);
            if (r >= plan.warmup) sparseMs[i]!.push(performance.now() - t1);
          });
        }
        w.dispose();
        const dense = median(denseMs);
        const pct = Math.round(s * 100);
        for (const [i, k] of kernels.entries()) {
          const sparse = median(sparseMs[i]!);
          if (!crossover.has(k.name) && dense / sparse >= 1) crossover.set(k.name, pct);
          yield {
            bench: `sparse-layer-${n}-b${batch}-s${pct}${k.suffix}`,
            backend: opts.backend,
            value: dense / sparse,
            unit: '× vs dense',
            // Minima too: on a loaded machine a product longer than a scheduler time slice
            // (a few ms: dense, sparse at low sparsity) is often preempted, a short one rarely,
            // so median ratios flatter the short side; min/min is closer to a quiet machine.
            note: `dense ${dense.toFixed(2)} ms (min ${Math.min(...denseMs).toFixed(2)}), sparse (${k.name}) ${sparse.toFixed(3)} ms (min ${Math.min(...sparseMs[i]!).toFixed(3)}), nnz ${nnz(csr)}`,
          };
        }
      }
      for (const k of kernels) {
        const at = crossover.get(k.name);
        opts.log(`${k.name} kernel first at or above dense speed at ${at === undefined ? 'none of the sparsities' : `${at}% sparsity`}`);
      }
    } finally {
      x.dispose();
    }
  },
};
