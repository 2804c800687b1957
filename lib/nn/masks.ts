/**
 * Sparsity masks held during training: after every optimizer step the masked weights are
 * multiplied back to exactly 0 (momentum or Adam moments would otherwise revive them).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamTensors, ParamVariables } from './model.js';

export function applyMasks(vars: ParamVariables, masks: ParamTensors): void {
  tf.tidy(() => {
    for (const [name, m] of Object.entries(masks)) {
      const v = vars[name];
      if (!v) throw new Error(`mask '${name}' has no parameter`);
      // + 0 turns the −0 of a negative weight times 0 into +0: pruned means all-zero bits.
      v.assign(tf.add(tf.mul(v, m), 0));
    }
  });
}

/** An `afterStep` hook for trainLoop that keeps `masks` in force. */
export function maskHook(vars: ParamVariables, masks: ParamTensors): () => void {
  return () => applyMasks(vars, masks);
}

/** Fraction of exact zeros over the named arrays (all when `names` is omitted). */
export function zeroFraction(params: Record<string, { data: Float32Array }>, names?: string[]): number {
  let zeros = 0;
  let total = 0;
  for (const name of names ?? Object.keys(params)) {
    const d = params[name]!.data;
    total += d.length;
    for (let i = 0; i < d.length; i++) if (d[i] === 0) zeros++;
  }
  return total ? zeros / total : 0;
}
