/** Square float32 matrix product, n³ (1024 by default): GFLOP/s and fraction of machine peak. */
import * as tf from '@tensorflow/tfjs';
import { repPlan, timeIt } from '../measure.js';
import type { BenchSuite } from '../types.js';

export const matmulSuite: BenchSuite = {
  name: 'matmul',
  description: 'C = A·B, square float32 matrices',
  pythonScript: 'matmul.py',
  params: (quick) => ({ n: quick ? 256 : 1024 }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'cpu takes minutes per 1024³ product; use --quick' : undefined),
  async *run(opts, params) {
    const n = params.n as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 2, reps: 7, steps: 1 });
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
    try {
      const t = await timeIt(
        async () => {
          const c = tf.matMul(a, b);
          await c.data();
          c.dispose();
        },
        plan.warmup,
        plan.reps,
      );
      const gflops = (2 * n ** 3) / (t.medianMs * 1e6);
      const bench = `matmul-${n}`;
      yield { bench, backend: opts.backend, value: gflops, unit: 'GFLOP/s', note: `${t.medianMs.toFixed(1)} ms` };
      yield {
        bench: `${bench}-peak-fraction`,
        backend: opts.backend,
        value: gflops / opts.peakGflops,
        unit: 'fraction of peak',
        note: `peak ${opts.peakGflops.toFixed(0)} GFLOP/s, all cores`,
      };
    } finally {
      tf.dispose([a, b]);
    }
  },
};
