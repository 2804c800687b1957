/**
 * The peak-memory probe against allocations whose sizes are known exactly. The probe samples
 * after every kernel, so the allocations here are kernels (tf.fill), not tf.ones/tf.tensor,
 * which upload data without running one.
 */
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm, globalNorm, measurePeakBytes } from '../../../lib/meta/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('measurePeakBytes reports the high-water mark above the resident bytes', async () => {
  const resident = tf.ones([100]); // 400 bytes that exist before and are not counted
  const { result, peakBytes, residentBytes } = await measurePeakBytes(async () => {
    const a = tf.fill([1000], 1); // 4,000 bytes
    const b = tf.fill([500], 2); // +2,000 → 6,000 at the peak
    a.dispose();
    const c = tf.fill([200], 3); // 2,800 now, below the peak
    const s = (await c.data()).length;
    tf.dispose([b, c]);
    return s;
  });
  expect(result).toBe(200);
  expect(peakBytes).toBe(6000);
  expect(residentBytes).toBeGreaterThanOrEqual(400);
  resident.dispose();
});

test('global norm and clipping by it', async () => {
  const g = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) };
  expect((await globalNorm(g).data())[0]).toBeCloseTo(5, 6);
  const c = clipByGlobalNorm(g, 1);
  expect(Array.from(await c.a!.data())).toEqual([expect.closeTo(0.6, 6), 0]);
  expect((await globalNorm(c).data())[0]).toBeCloseTo(1, 6);
  const same = clipByGlobalNorm(g, 10); // shorter than the limit: unchanged
  expect(Array.from(await same.b!.data())).toEqual([0, 4]);
  tf.dispose([...Object.values(g), ...Object.values(c), ...Object.values(same)]);
});
