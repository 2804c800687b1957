/**
 * QR factorisation A = Q·R with Q orthonormal in a weighted inner product ⟨a, b⟩ = Σ w·a·b:
 * modified Gram–Schmidt, run twice per column ("twice is enough", Giraud et al.) so Q stays
 * orthonormal to round-off even when columns are nearly dependent.
 *
 * Rank deficiency is handled without dividing by a small norm:
 * - `drop`: a column whose remainder is below `tol`·(its norm) adds no basis vector (the augmented
 *   bases of the BUG step, where K¹ mostly lies in span X⁰);
 * - `fill`: it gets a smooth replacement direction from `fill(c)` instead, with an R diagonal
 *   entry equal to the (tiny) remainder, so A = Q·R still holds; `cols` pads Q to a fixed width.
 * `against` is an orthonormal basis that Q must stay orthogonal to (the fixed U of the
 * conservative scheme); the parts of A along it are discarded.
 */
import { zeros, type Mat } from './dense.js';
import { max, sqrt } from './math.js';

export interface OrthOptions {
  mode: 'drop' | 'fill';
  /** Relative size below which a column counts as dependent. */
  tol?: number;
  /** Replacement directions (only for `fill`), tried in order c = 0, 1, 2, .... */
  fill?: (c: number) => Float64Array;
  /** Pad Q to this many columns (fill mode). */
  cols?: number;
  against?: Mat;
}

function dot(a: Float64Array, b: Float64Array, w: Float64Array | number): number {
  let s = 0;
  if (typeof w === 'number') {
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s * w;
  }
  for (let i = 0; i < a.length; i++) s += w[i]! * a[i]! * b[i]!;
  return s;
}

/** Removes the components of u along the given orthonormal vectors; returns the coefficients. */
function project(u: Float64Array, basis: Float64Array[], w: Float64Array | number, coef?: Float64Array): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < basis.length; k++) {
      const q = basis[k]!;
      const c = dot(q, u, w);
      if (coef) coef[k] += c;
      for (let i = 0; i < u.length; i++) u[i] -= c * q[i]!;
    }
  }
}

export function orthonormalize(a: Mat, w: Float64Array | number, o: OrthOptions): { Q: Mat; R: Mat } {
  const n = a.rows;
  const tol = o.tol ?? 1e-10;
  const fixed: Float64Array[] = [];
  if (o.against) for (let j = 0; j < o.against.cols; j++) fixed.push(o.against.data.subarray(j * n, (j + 1) * n));
  const qs: Float64Array[] = [];
  const rcols: Float64Array[] = [];
  const maxCols = max(a.cols, o.cols ?? 0);
  let fillIdx = 0;
  const nextFill = (): Float64Array => {
    if (!o.fill) throw new Error('orthonormalize: fill mode needs a fill generator');
    for (let tries = 0; tries < 4 * n + 8; tries++) {
      const u = Float64Array.from(o.fill(fillIdx++));
      const norm0 = sqrt(dot(u, u, w));
      project(u, fixed, w);
      project(u, qs, w);
      const norm = sqrt(dot(u, u, w));
      if (norm > 0.3 * norm0) {
        for (let i = 0; i < n; i++) u[i] /= norm;
        return u;
      }
    }
    throw new Error('orthonormalize: no independent fill direction found');
  };
  for (let j = 0; j < a.cols; j++) {
    const u = Float64Array.from(a.data.subarray(j * n, (j + 1) * n));
    const norm0 = sqrt(dot(u, u, w));
    project(u, fixed, w);
    const coef = new Float64Array(maxCols);
    project(u, qs, w, coef);
    const norm = sqrt(dot(u, u, w));
    if (norm > tol * norm0 && norm > 0 && Number.isFinite(norm)) {
      coef[qs.length] = norm;
      for (let i = 0; i < n; i++) u[i] /= norm;
      qs.push(u);
    } else if (o.mode === 'fill' && qs.length < maxCols) {
      coef[qs.length] = norm;
      qs.push(nextFill());
    }
    rcols.push(coef);
  }
  if (o.mode === 'fill') while (qs.length < (o.cols ?? 0)) qs.push(nextFill());
  const k = qs.length;
  const Q = zeros(n, k);
  qs.forEach((q, j) => Q.data.set(q, j * n));
  const R = zeros(k, a.cols);
  rcols.forEach((c, j) => R.data.set(c.subarray(0, k), j * k));
  return { Q, R };
}
