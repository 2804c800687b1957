/**
 * The bootstrapped target of GradNCP: continue adapting θ_K for a few more steps on the full
 * context (outside any tape, so it costs no meta-training memory) and pull θ_K towards the
 * result, λ·d(θ_K, stopgrad(θ_boot)). The distance is the squared L2 norm over all parameters
 * (`squared`) or the L2 norm itself (`l2`, what the authors' code uses).
 */
import * as tf from '@tensorflow/tfjs';
import { adapt, type MetaTask, type Params } from '../meta/index.js';

export type BootDistance = 'squared' | 'l2';

export async function bootstrapTarget(task: MetaTask, adapted: Params, steps: number, lr: number, signal?: AbortSignal): Promise<Params> {
  return (await adapt(task, adapted, { steps, lr }, signal)).params;
}

/** Σ over parameters of ‖a − b‖² (or its square root). */
export function paramDistance(a: Params, b: Params, kind: BootDistance = 'squared'): tf.Scalar {
  return tf.tidy(() => {
    const sq = tf.addN(Object.keys(a).map((n) => tf.sum(tf.square(tf.sub(a[n]!, b[n]!)))));
    return (kind === 'l2' ? tf.sqrt(sq) : sq) as tf.Scalar;
  });
}
