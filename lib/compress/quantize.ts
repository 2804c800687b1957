/**
 * Uniform affine quantisation: w ≈ s·(q − z) with integer q in [qmin, qmax].
 *
 * - symmetric: z = 0, q in [−(2^(b−1) − 1), 2^(b−1) − 1] (the range is kept symmetric so that
 *   −q is representable; one code is unused), s = max|w| / qmax.
 * - asymmetric: q in [0, 2^b − 1], s = (max − min) / (2^b − 1), z = round(−min / s); the range
 *   is widened to include 0 so that 0 (pruned weights, ReLU zeros, padding) is exact.
 *
 * Per tensor: one (s, z); per channel: one per index of the last axis (the output unit of a dense
 * kernel [in, out] and the filter of a conv kernel [kh, kw, in, out]).
 * Inside the range the error is at most s/2 (round to the nearest level; the rounding of z
 * shifts the grid by at most s/2, so the ends stay within s/2 of a level).
 */
export const QUANT_SCHEMES = ['symmetric', 'asymmetric'] as const;
export type QuantScheme = (typeof QUANT_SCHEMES)[number];
export const GRANULARITIES = ['tensor', 'channel'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface QuantParams {
  bits: number;
  scheme: QuantScheme;
  granularity: Granularity;
  /** One per channel (last axis) or a single one. */
  scales: Float32Array;
  zeroPoints: Int32Array;
}

export function quantRange(bits: number, scheme: QuantScheme): { qmin: number; qmax: number } {
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 16)) throw new RangeError(`bits must be an integer in 1..16, got ${bits}`);
  if (scheme === 'asymmetric') return { qmin: 0, qmax: 2 ** bits - 1 };
  if (bits < 2) throw new RangeError('symmetric quantisation needs at least 2 bits (1 bit leaves only the level 0)');
  const qmax = 2 ** (bits - 1) - 1;
  return { qmin: -qmax, qmax };
}

/** Number of channels and the channel of flat index i: i mod channels (last axis). */
export function channelCount(shape: number[], granularity: Granularity): number {
  return granularity === 'channel' ? (shape.at(-1) ?? 1) : 1;
}

/** Chooses scales and zero points from the data's range; `keep` (a mask) excludes entries. */
export function chooseQuantParams(
  data: ArrayLike<number>,
  shape: number[],
  bits: number,
  scheme: QuantScheme,
  granularity: Granularity,
  keep?: ArrayLike<number>,
): QuantParams {
  const { qmin, qmax } = quantRange(bits, scheme);
  const ch = channelCount(shape, granularity);
  const lo = new Float64Array(ch);
  const hi = new Float64Array(ch);
  for (let i = 0; i < data.length; i++) {
    if (keep && !keep[i]) continue;
    const c = i % ch;
    const v = data[i]!;
    if (v < lo[c]!) lo[c] = v;
    if (v > hi[c]!) hi[c] = v;
  }
  const scales = new Float32Array(ch);
  const zeroPoints = new Int32Array(ch);
  for (let c = 0; c < ch; c++) {
    if (scheme === 'symmetric') {
      const m = Math.max(-lo[c]!, hi[c]!);
      scales[c] = m > 0 ? m / qmax : 1;
    } else {
      const span = hi[c]! - lo[c]!;
      scales[c] = span > 0 ? span / (qmax - qmin) : 1;
      zeroPoints[c] = Math.min(qmax, Math.max(qmin, Math.round(qmin - lo[c]! / scales[c]!)));
    }
  }
  return { bits, scheme, granularity, scales, zeroPoints };
}

/** q = clamp(round(w / s) + z, qmin, qmax), per element. */
export function quantizeValues(data: ArrayLike<number>, p: QuantParams): Int32Array {
  const { qmin, qmax } = quantRange(p.bits, p.scheme);
  const ch = p.scales.length;
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = i % ch;
    const q = Math.round(data[i]! / p.scales[c]!) + p.zeroPoints[c]!;
    out[i] = q < qmin ? qmin : q > qmax ? qmax : q;
  }
  return out;
}

/** w = s·(q − z) in float32: the exact values a quantised model holds and the file restores. */
export function dequantizeValues(q: ArrayLike<number>, p: QuantParams): Float32Array {
  const ch = p.scales.length;
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = p.scales[i % ch]! * (q[i]! - p.zeroPoints[i % ch]!);
  return out;
}

/**
 * The integers behind values that `dequantizeValues` produced. Throws when a value is not on the
 * grid (the weights changed after quantisation, e.g. a later training stage).
 */
export function recoverQuantized(values: Float32Array, p: QuantParams, what: string): Int32Array {
  const q = quantizeValues(values, p);
  const back = dequantizeValues(q, p);
  for (let i = 0; i < values.length; i++) {
    if (back[i] !== values[i]) {
      throw new Error(`${what}: value ${values[i]} at ${i} is not on its quantisation grid (did a later stage change the weights?)`);
    }
  }
  return q;
}
