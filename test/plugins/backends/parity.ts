/**
 * Runs one computation on the wasm backend (with pipewright's kernels) and on the cpu backend,
 * and compares elementwise.
 *
 * Tolerance: |wasm − cpu| ≤ rtol·(|cpu| + rms(cpu)), rtol = 1e-4. Both sides are float32 but sum
 * in different orders (XNNPACK blocks its products; cpu sums in float64 and rounds once), so each
 * result differs by about √n·ε·Σ|terms| for n terms, ε = 6e-8: ≤ 1e-5 of the terms' scale for the
 * few hundred terms here. The rms term keeps entries that cancel to near zero from demanding a
 * relative accuracy no float32 sum has; a wrong index or a dropped tap gives O(1) errors.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuBackend } from '../../../plugins/backends/cpu.js';
import { wasmBackend } from '../../../plugins/backends/wasm/index.js';

export const RTOL = 1e-4;

export type Computation = () => tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;

async function evaluate(f: Computation): Promise<Float32Array[]> {
  const ts = tf.tidy(() => {
    const r = f();
    return r instanceof tf.Tensor ? [r] : Array.isArray(r) ? r : Object.values(r);
  });
  const out = await Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(ts);
  return out;
}

export async function onBoth(f: Computation): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  await wasmBackend.activate();
  const wasm = await evaluate(f);
  await cpuBackend.activate();
  const cpu = await evaluate(f);
  return { wasm, cpu };
}

/** The largest |a − b| / (|b| + rms(b)); ≤ RTOL passes. */
export function worstRelativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let rms = 0;
  for (const v of b) rms += v * v;
  rms = Math.sqrt(rms / Math.max(1, b.length)) || 1;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + rms);
    if (!(e <= worst)) worst = e; // NaN propagates
  }
  return worst;
}

export async function expectParity(f: Computation): Promise<void> {
  const { wasm, cpu } = await onBoth(f);
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((w, i) => {
    expect(w.length).toBe(cpu[i]!.length);
    expect(worstRelativeError(w, cpu[i]!)).toBeLessThanOrEqual(RTOL);
  });
}

/** Seeded values in [-1, 1), so wasm and cpu see the same inputs. */
export function seeded(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 2 ** 32) * 2 - 1;
  }
  return tf.tensor(v, shape);
}
