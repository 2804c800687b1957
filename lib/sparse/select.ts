/**
 * Top-k selection over scores, the primitive under every magnitude criterion. Exactly `k`
 * entries are kept: ties at the threshold go to the lower index, so the result is deterministic
 * and a target sparsity is met to the weight, not approximately.
 */

/** A 0/1 mask keeping the `k` largest scores (NaN scores are never kept before finite ones). */
export function topK(scores: Float32Array | Float64Array, k: number): Uint8Array {
  const n = scores.length;
  const mask = new Uint8Array(n);
  if (k <= 0) return mask;
  if (k >= n) return mask.fill(1);
  const sorted = Float64Array.from(scores, (v) => (Number.isNaN(v) ? -Infinity : v)).sort();
  const threshold = sorted[n - k]!;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i]! > threshold) {
      mask[i] = 1;
      kept++;
    }
  }
  for (let i = 0; i < n && kept < k; i++) {
    const v = Number.isNaN(scores[i]!) ? -Infinity : scores[i]!;
    if (v === threshold && !mask[i]) {
      mask[i] = 1;
      kept++;
    }
  }
  return mask;
}

/** Positions of the `k` largest scores among `candidates` (ties to the lower index). */
export function topKOf(scores: ArrayLike<number>, candidates: Int32Array, k: number): Int32Array {
  const sub = Float64Array.from(candidates, (i) => scores[i]!);
  const keep = topK(sub, k);
  const out = new Int32Array(Math.min(k, candidates.length));
  let j = 0;
  for (let i = 0; i < candidates.length; i++) if (keep[i]) out[j++] = candidates[i]!;
  return out;
}

/** Indices where `mask` equals `value`. */
export function where(mask: Uint8Array, value: 0 | 1): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) out[j++] = i;
  return out;
}

export function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}
