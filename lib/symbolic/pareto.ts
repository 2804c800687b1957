/**
 * Parameter-free model selection. The Pareto front of the candidates over objectives that are
 * all minimised, then one pick from it by the one-standard-error rule (Breiman et al.'s rule
 * for pruned trees, applied to several error objectives): differences in error smaller than
 * the standard error of the best validation error are noise, so among the front members within
 * one standard error of the best value on every error objective, the least complex wins. When no
 * member is that close on all of them at once, the one with the smallest worst-case gap (in
 * standard errors) wins, ties going to the less complex. The only scale used is measured from
 * the data: no weights, no thresholds to tune.
 */

/** a is no worse than b everywhere and better somewhere. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) better = true;
  }
  return better;
}

/**
 * Indices of the non-dominated points, in input order. Points with a non-finite objective are
 * left out unless nothing else is left. Equal points do not dominate each other: both stay.
 */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const finite = points.map((p) => p.every(Number.isFinite));
  const pool = finite.some(Boolean) ? points.map((_, i) => i).filter((i) => finite[i]) : points.map((_, i) => i);
  return pool.filter((i) => !pool.some((j) => j !== i && dominates(points[j]!, points[i]!)));
}

/**
 * Picks from `front` (indices into `points`). Every objective but the last is an error measured
 * in units where `standardError` is the noise level; the last is the complexity.
 */
export function chooseOneSe(points: readonly (readonly number[])[], front: readonly number[], standardError: number): number {
  if (!front.length) throw new Error('chooseOneSe: empty front');
  const errs = points[front[0]!]!.length - 1;
  const best = Array.from({ length: errs }, (_, k) => Math.min(...front.map((i) => points[i]![k]!)));
  const se = standardError > 0 && Number.isFinite(standardError) ? standardError : Number.MIN_VALUE;
  const gap = (i: number) => Math.max(...best.map((b, k) => (points[i]![k]! - b) / se));
  const complexity = (i: number) => points[i]![errs]!;
  const close = front.filter((i) => gap(i) <= 1);
  const pool = close.length ? close : front;
  const key = (i: number): [number, number, number] => (close.length ? [complexity(i), gap(i), points[i]![0]!] : [gap(i), complexity(i), points[i]![0]!]);
  return pool.reduce((a, b) => (lexLess(key(b), key(a)) ? b : a));
}

function lexLess(a: number[], b: number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}

/** Standard error of an RMSE estimated from its residuals (delta method on the mean square). */
export function rmseStandardError(residuals: ArrayLike<number>): number {
  const n = residuals.length;
  if (n < 2) return Infinity;
  let m = 0;
  for (let i = 0; i < n; i++) m += residuals[i]! ** 2;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (residuals[i]! ** 2 - m) ** 2;
  v /= n - 1;
  const rmse = Math.sqrt(m);
  return rmse > 0 ? Math.sqrt(v / n) / (2 * rmse) : 0;
}
