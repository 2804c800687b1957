/**
 * Inference of a quantised LeNet-300-100 (784-300-100-10, random weights, int8 per-channel
 * symmetric, activations calibrated on the batch itself), batch 1 and 64:
 * - `int8`: lib/compress's integer path (int8 codes × centred uint8 activations, int32
 *   accumulator, plain JS on typed arrays), against
 * - `float`: the tfjs forward of the same dequantised weights on the backend under test
 *   (dequantise-ahead-of-time: the usual deployment of a weight-only quantised model).
 * Value: float time / int8 time (> 1: the integer path is faster). Also the encoding cost of
 * the Deep Compression file (k-means 5-bit codebooks on 92%-pruned weights, Huffman), in MB/s
 * of dense float32 weights encoded.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../kernel/rng.js';
import { calibrateActivations, encodeCompressed, intForward, quantizeModel, shareWeights, toIntModel, withActivationRanges } from '../../lib/compress/index.js';
import { forward, initModel, mlpSpec, paramsToTensors, type Model } from '../../lib/nn/index.js';
import { median, repPlan } from '../measure.js';
import type { BenchSuite } from '../types.js';

const KERNELS = ['dense1/kernel', 'dense2/kernel', 'dense3/kernel'];

function pruned(model: Model, sparsity: number): Model {
  const masks: Record<string, Uint8Array> = {};
  const params = { ...model.params };
  for (const k of KERNELS) {
    const d = model.params[k]!.data;
    const t = Float32Array.from(d, Math.abs).sort()[Math.floor(sparsity * d.length)]!;
    masks[k] = Uint8Array.from(d, (v) => (Math.abs(v) >= t ? 1 : 0));
    params[k] = { shape: model.params[k]!.shape, data: d.map((v, i) => (masks[k]![i] ? v : 0)) };
  }
  return { ...model, params, masks };
}

export const compressSuite: BenchSuite = {
  name: 'compress',
  description: 'LeNet-300-100 int8 inference (JS int32-accumulated GEMM) vs tfjs float; Deep Compression file encoding',
  params: (quick) => ({ batches: quick ? [1, 64] : [1, 64], layers: [784, 300, 100, 10] }),
  async *run(opts, params) {
    const rng = createRng(1, 'bench-compress');
    const model = initModel(mlpSpec({ inputShape: [784], units: (params.layers as number[]).slice(1), activation: 'relu', dropout: 0 }), rng);
    const x = Float32Array.from({ length: 64 * 784 }, () => rng.next());
    let q = quantizeModel(model, KERNELS.map((name) => ({ name, bits: 8, scheme: 'symmetric' as const, granularity: 'channel' as const }))).model;
    q = withActivationRanges(q, await calibrateActivations(q, x, 64), 8);
    const int = toIntModel(q);
    const weights = paramsToTensors(q.params);
    const plan = repPlan(opts.quick, opts.slow, { warmup: 3, reps: 21, steps: 1 });
    try {
      for (const batch of params.batches as number[]) {
        const xs = x.subarray(0, batch * 784);
        const input = tf.tensor2d(xs, [batch, 784]);
        const floatMs: number[] = [];
        const intMs: number[] = [];
        for (let r = 0; r < plan.warmup + plan.reps; r++) {
          const t0 = performance.now();
          const y = tf.tidy(() => forward(q.arch, weights, input, { training: false }));
          await y.data();
          y.dispose();
          const t1 = performance.now();
          intForward(int, xs, batch);
          const t2 = performance.now();
          if (r >= plan.warmup) {
            floatMs.push(t1 - t0);
            intMs.push(t2 - t1);
          }
        }
        input.dispose();
        const [f, i] = [median(floatMs), median(intMs)];
        yield { bench: `compress-int8-lenet300-b${batch}`, backend: opts.backend, value: f / i, unit: '× vs float', note: `float ${f.toFixed(3)} ms, int8 ${i.toFixed(3)} ms` };
      }
      const shared = shareWeights(pruned(model, 0.92), KERNELS.map((name) => ({ name, bits: 5 })), { init: 'linear' }).model;
      const times: number[] = [];
      let size = 0;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        size = encodeCompressed(shared, { huffman: true }).bytes.length;
        times.push(performance.now() - t0);
      }
      const mb = (266610 * 4) / 1e6;
      yield { bench: 'compress-encode-lenet300-huffman', backend: opts.backend, value: mb / (median(times) / 1000), unit: 'MB/s', note: `${median(times).toFixed(0)} ms, ${size} bytes (${((266610 * 4) / size).toFixed(1)}×)` };
    } finally {
      tf.dispose(Object.values(weights));
    }
  },
};
