/**
 * Timing: warm-up runs (first calls compile, allocate and fill caches), then the median of
 * timed repetitions, which shrugs off the odd slow run on a shared machine.
 */
import type * as tf from '@tensorflow/tfjs';

export interface Timing {
  /** Median milliseconds of one repetition. */
  medianMs: number;
  samplesMs: number[];
}

export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `rep` (which must wait for its own results, e.g. `await t.data()`). */
export async function timeIt(rep: () => Promise<void>, warmup: number, reps: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await rep();
  const samplesMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await rep();
    samplesMs.push(performance.now() - t0);
  }
  return { medianMs: median(samplesMs), samplesMs };
}

export interface RepPlan {
  warmup: number;
  reps: number;
  /** Steps inside one timed repetition (steps/s = steps / median seconds). */
  steps: number;
}

/** Fewer, shorter repetitions on a slow backend or in `--quick` mode. */
export function repPlan(quick: boolean, slow: boolean, full: RepPlan): RepPlan {
  if (slow) return { warmup: 1, reps: 3, steps: 1 };
  if (quick) return { warmup: 1, reps: 3, steps: Math.max(1, Math.ceil(full.steps / 3)) };
  return full;
}

/**
 * Median train steps per second: each repetition runs `plan.steps` optimizer steps and waits
 * for the last loss, so asynchronous backends are timed to completion.
 */
export async function trainStepsPerSecond(optimizer: tf.Optimizer, loss: () => tf.Scalar, trainable: tf.Variable[], plan: RepPlan): Promise<number> {
  const t = await timeIt(
    async () => {
      let last: tf.Scalar | null = null;
      for (let s = 0; s < plan.steps; s++) {
        last?.dispose();
        last = optimizer.minimize(loss, true, trainable);
      }
      await last!.data();
      last!.dispose();
    },
    plan.warmup,
    plan.reps,
  );
  return (plan.steps * 1000) / t.medianMs;
}
