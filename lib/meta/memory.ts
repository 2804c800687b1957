/**
 * Peak tensor memory of a piece of work, from tfjs's profiler: `tf.profile` snapshots the
 * engine's allocated bytes after every kernel; the peak minus the bytes allocated before the
 * work began is what the work itself needed at its worst moment (resident parameters, optimizer
 * state and data excluded). Kernel granularity: an allocation between two kernels is counted at
 * the next one.
 */
import * as tf from '@tensorflow/tfjs';

export interface PeakMemory<T> {
  result: T;
  /** High-water mark of tensor bytes above those allocated before `fn` started. */
  peakBytes: number;
  /** Bytes allocated before `fn` (parameters, optimizer state, data ...). */
  residentBytes: number;
}

export async function measurePeakBytes<T>(fn: () => Promise<T>): Promise<PeakMemory<T>> {
  const residentBytes = tf.memory().numBytes;
  let result: T | undefined;
  const info = await tf.profile(async () => {
    result = await fn();
  });
  const peak = info.kernels.reduce((m, k) => Math.max(m, k.totalBytesSnapshot), residentBytes);
  return { result: result as T, peakBytes: peak - residentBytes, residentBytes };
}
