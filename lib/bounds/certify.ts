/**
 * Verification of a split: per example, is it classified correctly (clean), certified (every
 * margin j ≠ y has a positive lower bound over the whole eps-ball), and does it survive a PGD
 * attack. Verified ≤ true robust ≤ PGD ≤ clean accuracy, example by example.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import { epochBatches, forward, makeBatch, type ModelSpec, type ParamTensors } from '../nn/index.js';
import { checkInDomain, UNIT_DOMAIN, type Domain } from './interval.js';
import { marginBounds, type MarginMethod } from './margins.js';
import { pgdAttack, type PgdOptions } from './pgd.js';

export interface CertifyOptions {
  eps: number;
  method: 'ibp' | 'crown';
  domain?: Domain;
  intermediate?: 'crown' | 'ibp';
  batchSize: number;
  /** Omit to skip the attack. */
  pgd?: Omit<PgdOptions, 'eps' | 'domain'>;
  signal?: AbortSignal;
  onBatch?(done: number, total: number): void;
}

export interface CertifyResult {
  n: number;
  /** Per example, 1/0. */
  correct: Uint8Array;
  certified: Uint8Array;
  /** Survived the attack (and correct); absent without PGD. */
  robust?: Uint8Array;
  /** Per example, the smallest margin lower bound over j ≠ y (> 0: certified). */
  marginLower: Float32Array;
  cleanAccuracy: number;
  verifiedAccuracy: number;
  pgdAccuracy?: number;
  /** Mean of upper − lower over the margins j ≠ y. */
  meanBoundWidth: number;
  /** Time spent bounding (forward pass and bounds, not the attack). */
  boundSeconds: number;
  attackSeconds: number;
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length ? s / a.length : NaN;
}

export async function certify(spec: ModelSpec, params: ParamTensors, split: Split, numClasses: number, o: CertifyOptions): Promise<CertifyResult> {
  const domain = o.domain ?? UNIT_DOMAIN;
  checkInDomain(split.x, domain);
  const n = split.n;
  const correct = new Uint8Array(n);
  const certified = new Uint8Array(n);
  const robust = o.pgd ? new Uint8Array(n) : undefined;
  const marginLower = new Float32Array(n);
  let widthSum = 0;
  let boundSeconds = 0;
  let attackSeconds = 0;
  const method: MarginMethod = o.method;
  const batches = epochBatches(n, o.batchSize);
  for (const [bi, rows] of batches.entries()) {
    o.signal?.throwIfAborted();
    const batch = makeBatch(split, spec.inputShape, rows);
    try {
      const t0 = performance.now();
      const m = marginBounds(spec, params, batch.x, batch.y, numClasses, { eps: o.eps, domain, method, upper: true, ...(o.intermediate ? { intermediate: o.intermediate } : {}) });
      const pred = tf.tidy(() => tf.argMax(forward(spec, params, batch.x, { training: false }), -1));
      const [lo, hi, p] = [await m.lower.data(), await m.upper!.data(), await pred.data()];
      tf.dispose([m.lower, m.upper!, pred]);
      boundSeconds += (performance.now() - t0) / 1000;
      rows.forEach((r, b) => {
        const y = split.y[r]!;
        correct[r] = p[b] === y ? 1 : 0;
        let least = Infinity;
        for (let j = 0; j < numClasses; j++) {
          if (j === y) continue;
          least = Math.min(least, lo[b * numClasses + j]!);
          widthSum += hi[b * numClasses + j]! - lo[b * numClasses + j]!;
        }
        marginLower[r] = least;
        certified[r] = correct[r] && least > 0 ? 1 : 0;
      });
      if (o.pgd && robust) {
        const t1 = performance.now();
        const attack = await pgdAttack(spec, params, batch.x, batch.y, numClasses, { ...o.pgd, eps: o.eps, domain });
        attackSeconds += (performance.now() - t1) / 1000;
        rows.forEach((r, b) => (robust[r] = correct[r] && !attack.broken[b] ? 1 : 0));
      }
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    o.onBatch?.(bi + 1, batches.length);
  }
  return {
    n,
    correct,
    certified,
    ...(robust ? { robust, pgdAccuracy: mean(robust) } : {}),
    marginLower,
    cleanAccuracy: mean(correct),
    verifiedAccuracy: mean(certified),
    meanBoundWidth: n ? widthSum / (n * Math.max(1, numClasses - 1)) : NaN,
    boundSeconds,
    attackSeconds,
  };
}
