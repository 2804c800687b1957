/**
 * Uniform quantisation: the round-trip error is at most s/2 for every scheme and granularity
 * (the rounding bound; float32 storage adds ~1e-7 relative, hence the small slack), codes stay in
 * range, zero is exact, values already on the grid are recovered exactly; the fake-quantiser
 * agrees with the array quantiser and passes gradients straight through.
 */
import * as tf from '@tensorflow/tfjs';
import {
  chooseQuantParams,
  dequantizeValues,
  fakeQuantValue,
  fakeQuantize,
  quantizeValues,
  quantRange,
  recoverQuantized,
  type Granularity,
  type QuantScheme,
} from '../../../lib/compress/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const rng = createRng(3, 'quant');
const shape = [12, 7];
const data = Float32Array.from({ length: 84 }, (_, i) => rng.normal() * (1 + (i % 7)) + (i % 7 === 3 ? 2 : 0));

const cases: [QuantScheme, Granularity, number][] = [];
for (const scheme of ['symmetric', 'asymmetric'] as const) for (const g of ['tensor', 'channel'] as const) for (const bits of [2, 4, 8]) cases.push([scheme, g, bits]);

test.each(cases)('%s %s %i bits: |w − deq(q(w))| ≤ s/2, codes in range, 0 exact', (scheme, granularity, bits) => {
  const p = chooseQuantParams(data, shape, bits, scheme, granularity);
  const q = quantizeValues(data, p);
  const back = dequantizeValues(q, p);
  const { qmin, qmax } = quantRange(bits, scheme);
  const ch = p.scales.length;
  expect(ch).toBe(granularity === 'channel' ? 7 : 1);
  for (let i = 0; i < data.length; i++) {
    expect(q[i]).toBeGreaterThanOrEqual(qmin);
    expect(q[i]).toBeLessThanOrEqual(qmax);
    expect(Math.abs(back[i]! - data[i]!)).toBeLessThanOrEqual(p.scales[i % ch]! / 2 + 1e-6 * Math.abs(data[i]!));
  }
  expect(dequantizeValues(quantizeValues([0], { ...p, scales: p.scales.subarray(0, 1), zeroPoints: p.zeroPoints.subarray(0, 1) }), { ...p, scales: p.scales.subarray(0, 1), zeroPoints: p.zeroPoints.subarray(0, 1) })[0]).toBe(0);
  expect(Array.from(recoverQuantized(back, p, 'w'))).toEqual(Array.from(q));
});

test('values off the grid are refused; bits outside 1..16 and 1-bit symmetric are refused', () => {
  const p = chooseQuantParams(data, shape, 4, 'symmetric', 'tensor');
  const off = dequantizeValues(quantizeValues(data, p), p);
  off[5] = off[5]! + p.scales[0]! / 3;
  expect(() => recoverQuantized(off, p, 'dense1/kernel')).toThrow(/dense1\/kernel: value .* not on its quantisation grid/);
  expect(() => quantRange(0, 'asymmetric')).toThrow(/1\.\.16/);
  expect(() => quantRange(17, 'asymmetric')).toThrow(/1\.\.16/);
  expect(() => quantRange(1, 'symmetric')).toThrow(/at least 2 bits/);
  expect(quantRange(1, 'asymmetric')).toEqual({ qmin: 0, qmax: 1 });
});

test.each(cases)('fake quantisation (%s %s %i bits) matches the array quantiser; STE gradient is the identity', async (scheme, granularity, bits) => {
  const w = tf.tensor2d(data, shape as [number, number]);
  const p = chooseQuantParams(data, shape, bits, scheme, granularity);
  const want = dequantizeValues(quantizeValues(data, p), p);
  const got = await fakeQuantValue(w, { bits, scheme, granularity }).data();
  // tfjs rounds half to even and computes scales in float32: allow one level where a value sits on a half-step.
  let offGrid = 0;
  for (let i = 0; i < data.length; i++) {
    const s = p.scales[i % p.scales.length]!;
    const d = Math.abs(got[i]! - want[i]!);
    expect(d).toBeLessThanOrEqual(s * 1.0001);
    if (d > 1e-5 * s) offGrid++;
  }
  expect(offGrid).toBeLessThanOrEqual(2);
  const dy = tf.randomNormal(shape, 0, 1, 'float32', 7);
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fakeQuantize(x, { bits, scheme, granularity }), dy)))(w);
  expect(Array.from(await g.data())).toEqual(Array.from(await dy.data()));
  tf.dispose([w, dy, g]);
});
