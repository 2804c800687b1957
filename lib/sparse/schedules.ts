/**
 * When masks change during training.
 *
 * Gradual magnitude pruning (Zhu & Gupta 2017): sparsity rises from s_i to s_f over pruning
 * steps t = t0, t0 + Δt, …, t0 + nΔt along the cubic
 *   s_t = s_f + (s_i − s_f) · (1 − (t − t0) / (nΔt))³,
 * fast at first (many redundant weights), slowly near the end (the network has to recover).
 *
 * Prune–regrow updates (SET, RigL) happen every Δt steps until a stop step; RigL's drop
 * fraction decays over that window (cosine by default), so the schedule is evaluated with the
 * window as its whole run.
 */
import type { Schedule } from '../nn/index.js';

export interface CubicSchedule {
  initial: number;
  final: number;
  /** First and last pruning step (0-based optimizer steps), end > start. */
  start: number;
  end: number;
  every: number;
}

/** Target sparsity at optimizer step `step` (constant outside [start, end]). */
export function cubicSparsity(c: CubicSchedule, step: number): number {
  const p = Math.min(1, Math.max(0, (step - c.start) / (c.end - c.start)));
  return c.final + (c.initial - c.final) * (1 - p) ** 3;
}

/** Whether the masks are recomputed after step `step`: every Δt from start, and at end. */
export function isPruneStep(c: CubicSchedule, step: number): boolean {
  if (step < c.start || step > c.end) return false;
  return (step - c.start) % c.every === 0 || step === c.end;
}

export interface UpdateSchedule {
  /** Steps between two prune–regrow updates. */
  every: number;
  /** No update at or after this step (RigL: 75% of training). */
  stop: number;
  /** Fraction of each layer's active weights swapped, over the window [0, stop). */
  dropFraction: Schedule;
}

/** Whether a prune–regrow update follows step `step` (never the first step). */
export function isUpdateStep(u: UpdateSchedule, step: number): boolean {
  return step > 0 && step < u.stop && step % u.every === 0;
}

export function dropFractionAt(u: UpdateSchedule, step: number, stepsPerEpoch: number): number {
  return u.dropFraction({ step, totalSteps: Math.max(1, u.stop), stepsPerEpoch });
}
