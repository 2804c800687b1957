/**
 * Overlap scores of binary masks from pooled pixel counts: the counts of all evaluated images are
 * summed first and the scores computed once (micro-averaging), so a small image cannot sway the
 * result more than its pixels do.
 */

export interface Confusion {
  /** Foreground predicted and true. */
  tp: number;
  fp: number;
  fn: number;
  /** Background predicted and true. */
  tn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/**
 * Adds one image's counts to `acc`: a pixel is predicted foreground when its logit is > 0
 * (probability > 0.5); truth is the 0/1 mask.
 */
export function accumulate(acc: Confusion, logits: ArrayLike<number>, truth: ArrayLike<number>): Confusion {
  if (logits.length !== truth.length) throw new Error(`accumulate: ${logits.length} predictions for ${truth.length} mask pixels`);
  for (let i = 0; i < truth.length; i++) {
    const p = logits[i] > 0;
    if (truth[i] >= 0.5) {
      if (p) acc.tp++;
      else acc.fn++;
    } else if (p) acc.fp++;
    else acc.tn++;
  }
  return acc;
}

/** 2|P∩T| / (|P|+|T|) on foreground; 1 when both are empty (nothing to find, nothing found). */
export function dice(c: Confusion): number {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? 1 : (2 * c.tp) / d;
}

/** |P∩T| / |P∪T| on foreground; 1 when both are empty. */
export function iou(c: Confusion): number {
  const d = c.tp + c.fp + c.fn;
  return d === 0 ? 1 : c.tp / d;
}

/** Fraction of pixels labelled wrongly. */
export function pixelError(c: Confusion): number {
  const n = c.tp + c.fp + c.fn + c.tn;
  return n === 0 ? 0 : (c.fp + c.fn) / n;
}

/** The same scores for the background class (the membranes in the EM data): swap the roles. */
export function backgroundConfusion(c: Confusion): Confusion {
  return { tp: c.tn, fp: c.fn, fn: c.fp, tn: c.tp };
}

export type SegmentationMetric = 'dice' | 'iou' | 'pixel_error';

export const METRICS: Record<SegmentationMetric, (c: Confusion) => number> = { dice, iou, pixel_error: pixelError };
