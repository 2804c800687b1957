/**
 * QR factorisation A = Q·R with Q orthonormal in a weighted inner product ⟨a, b⟩ = Σ w·a·b:
 * classical Gram–Schmidt with reorthogonalisation whenever a pass cancels most of a column
 * (see `project`), so Q stays orthonormal to round-off even when columns are nearly dependent.
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
import { wasmDense } from './wasm-dense.js';
import { ScratchKernels, WASM_MIN_ROWS } from './wasm-products.js';

export interface OrthOptions {
  mode: 'drop' | 'fill';
  /** Relative size below which a column counts as dependent. */
  tol?: number;
  /** Replacement directions (only for `fill`), tried in order c = 0, 1, 2, .... */
  fill?: (c: number) => Float64Array;
  /** Pad Q to this many columns (fill mode). */
  cols?: number;
  against?: Mat;
  /**
   * The first `prefix` columns of A are already orthonormal (and orthogonal to `against`): they
   * are copied into Q unchanged, so Q starts with exactly those columns (the augmented bases
   * [X⁰, K¹] of the BUG step, whose Galerkin matrices on X⁰ are then known).
   */
  prefix?: number;
  /**
   * Per column of A, a norm that the drop test is relative to when it exceeds the column's own
   * (0: none): columns given as increments Y¹ − Y⁰ of columns Y¹ are dropped when their new
   * part is negligible against Y¹, as Y¹ itself would be.
   */
  dropNorms?: Float64Array;
  /**
   * Drop mode only: A is scratch the caller gives up — its columns are orthogonalised in place
   * and Q is a view of A's first columns (kept columns are moved down over dropped ones), so
   * nothing n-sized is allocated or copied (the augmented bases, built fresh every step).
   */
  overwrite?: boolean;
}

/**
 * The dot products here keep two or four partial sums: a single running sum waits on the
 * latency of each addition (≈ 1.3 ns per multiply-add measured on this machine, against ≈ 0.7
 * with independent sums).
 */
function dot(a: Float64Array, b: Float64Array, w: Float64Array): number {
  const n = a.length;
  let s = 0;
  let t = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s += w[i]! * a[i]! * b[i]!;
    t += w[i + 1]! * a[i + 1]! * b[i + 1]!;
  }
  if (i < n) s += w[i]! * a[i]! * b[i]!;
  return s + t;
}

/** Σ q·x and Σ p·x (the coefficients of two basis vectors at once, four partial sums). */
function dot2(q: Float64Array, p: Float64Array, x: Float64Array, out: Float64Array, k: number): void {
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let t0 = 0;
  let t1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = x[i]!;
    const b = x[i + 1]!;
    s0 += q[i]! * a;
    s1 += p[i]! * a;
    t0 += q[i + 1]! * b;
    t1 += p[i + 1]! * b;
  }
  if (i < n) {
    s0 += q[i]! * x[i]!;
    s1 += p[i]! * x[i]!;
  }
  out[k] = s0 + t0;
  out[k + 1] = s1 + t1;
}

/**
 * One classical Gram–Schmidt pass: removes the components of u along the orthonormal basis
 * vectors (all coefficients first, then all updates, so both loops run at full speed), adding
 * the coefficients to `coef`. `wu` and `c` are scratch.
 */
function cgsPass(u: Float64Array, basis: Float64Array[], w: Float64Array, wu: Float64Array, c: Float64Array, coef: Float64Array | undefined, kk: Kernels): void {
  const nb = basis.length;
  const n = u.length;
  if (nb === 0) return;
  kk.coefficients(u, basis, w, wu, c);
  if (coef) for (let k = 0; k < nb; k++) coef[k] += c[k]!;
  let k = 0;
  for (; k + 1 < nb; k += 2) kk.update(u, basis[k]!, c[k]!, basis[k + 1]!, c[k + 1]!);
  if (k < nb) kk.update(u, basis[k]!, c[k]!);
}

/** The inner loops of the Gram–Schmidt passes: JS below, or f64x2 kernels on scratch views (wasm-products.ts), bit-identical. */
interface Kernels {
  dotw(a: Float64Array, b: Float64Array, w: Float64Array): number;
  /** c[k] = Σ basis_k·(w·u) (the weighted copy w·u rounded first; `wu` scratch for it). */
  coefficients(u: Float64Array, basis: Float64Array[], w: Float64Array, wu: Float64Array, c: Float64Array): void;
  /** u −= c0·q0 + c1·q1 (q1 optional). */
  update(u: Float64Array, q0: Float64Array, c0: number, q1?: Float64Array, c1?: number): void;
}

const jsKernels: Kernels = {
  dotw: dot,
  coefficients(u, basis, w, wu, c) {
    const n = u.length;
    const nb = basis.length;
    for (let i = 0; i < n; i++) wu[i] = w[i]! * u[i]!;
    let k = 0;
    for (; k + 1 < nb; k += 2) dot2(basis[k]!, basis[k + 1]!, wu, c, k);
    if (k < nb) {
      const q = basis[k]!;
      let s = 0;
      let t = 0;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        s += q[i]! * wu[i]!;
        t += q[i + 1]! * wu[i + 1]!;
      }
      if (i < n) s += q[i]! * wu[i]!;
      c[k] = s + t;
    }
  },
  update(u, q0, c0, q1, c1 = 0) {
    const n = u.length;
    if (q1) for (let i = 0; i < n; i++) u[i] -= c0 * q0[i]! + c1 * q1[i]!;
    else for (let i = 0; i < n; i++) u[i] -= c0 * q0[i]!;
  },
};

/**
 * Projects u off `fixed` and `basis` (coefficients along `basis` added to coef) and returns
 * the norm of what is left. A second pass runs only when the first removed most of u (norm
 * below 1/√2 of its start, Kahan–Parlett): only then can round-off have left u visibly
 * non-orthogonal, and "twice is enough" (Giraud et al.). It is also skipped when what is left
 * is already at most `dropBelow`: such a column is discarded (drop mode), and a second pass
 * could only shrink it further — in the BUG step's augmented bases most new columns end so.
 */
function project(u: Float64Array, fixed: Float64Array[], basis: Float64Array[], w: Float64Array, wu: Float64Array, c: Float64Array, coef: Float64Array | undefined, dropBelow: number, kk: Kernels): number {
  let before = sqrt(kk.dotw(u, u, w));
  let norm = before;
  for (let pass = 0; pass < 2; pass++) {
    cgsPass(u, fixed, w, wu, c, undefined, kk);
    cgsPass(u, basis, w, wu, c, coef, kk);
    norm = sqrt(kk.dotw(u, u, w));
    if (norm >= Math.SQRT1_2 * before || norm <= dropBelow) break;
    before = norm;
  }
  return norm;
}

export function orthonormalize(a: Mat, weight: Float64Array | number, o: OrthOptions): { Q: Mat; R: Mat } {
  const n = a.rows;
  // Drop mode calls nothing outside this function, so its panel can live in the f64x2
  // kernels' scratch memory for the whole factorisation: copied in once, Q copied out once
  // (O(n·cols) against the O(n·cols²) of the passes). Fill mode's callbacks might use the
  // scratch themselves, and `against` is the conservative compose's (not hot): JS there.
  const kd = o.mode === 'drop' && !o.against && n >= WASM_MIN_ROWS ? wasmDense() : null;
  if (kd) {
    const size = n * a.cols;
    const mem = kd.reserve(size + 2 * n + 8);
    mem.set(a.data.subarray(0, size), 0);
    if (typeof weight === 'number') mem.fill(weight, size, size + n);
    else mem.set(weight.subarray(0, n), size);
    const scratch: Mat = { rows: n, cols: a.cols, data: mem.subarray(0, size) };
    const kk = new ScratchKernels(kd, size + 2 * n);
    const { Q, R } = gramSchmidt(scratch, mem.subarray(size, size + n), mem.subarray(size + n, size + 2 * n), { ...o, overwrite: true }, kk);
    // Out of the scratch before anything else uses it: into A's storage (overwrite) or a new Q.
    const q: Mat = o.overwrite ? { rows: n, cols: Q.cols, data: a.data.subarray(0, n * Q.cols) } : zeros(n, Q.cols);
    q.data.set(Q.data);
    return { Q: q, R };
  }
  const w = typeof weight === 'number' ? new Float64Array(n).fill(weight) : weight;
  return gramSchmidt(a, w, new Float64Array(n), o, jsKernels);
}

function gramSchmidt(a: Mat, w: Float64Array, wu: Float64Array, o: OrthOptions, kk: Kernels): { Q: Mat; R: Mat } {
  const n = a.rows;
  const cbuf = new Float64Array(a.cols + (o.cols ?? 0) + (o.against?.cols ?? 0));
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
      const u = o.fill(fillIdx++).slice();
      const norm0 = sqrt(kk.dotw(u, u, w));
      const norm = project(u, fixed, qs, w, wu, cbuf, undefined, -1, kk);
      if (norm > 0.3 * norm0) {
        for (let i = 0; i < n; i++) u[i] /= norm;
        return u;
      }
    }
    throw new Error('orthonormalize: no independent fill direction found');
  };
  const prefix = o.prefix ?? 0;
  const inPlace = o.overwrite === true && o.mode === 'drop';
  // (slice, not Float64Array.from, which would iterate element by element)
  const column = (j: number): Float64Array => (inPlace ? a.data.subarray(j * n, (j + 1) * n) : a.data.slice(j * n, (j + 1) * n));
  // The columns of R, before compaction, as views of one zeroed buffer (one allocation, not one
  // per column).
  const rbuf = new Float64Array(a.cols * maxCols);
  const rcol = (j: number): Float64Array => rbuf.subarray(j * maxCols, (j + 1) * maxCols);
  for (let j = 0; j < prefix; j++) {
    qs.push(column(j));
    const coef = rcol(j);
    coef[j] = 1;
    rcols.push(coef);
  }
  for (let j = prefix; j < a.cols; j++) {
    const u = column(j);
    const norm0 = max(sqrt(kk.dotw(u, u, w)), o.dropNorms?.[j] ?? 0);
    const coef = rcol(j);
    const norm = project(u, fixed, qs, w, wu, cbuf, coef, o.mode === 'drop' ? tol * norm0 : -1, kk);
    if (norm > tol * norm0 && norm > 0 && Number.isFinite(norm)) {
      coef[qs.length] = norm;
      for (let i = 0; i < n; i++) u[i] /= norm;
      if (inPlace && qs.length !== j) {
        // Slot qs.length < j held a dropped column, already done with.
        const slot = column(qs.length);
        slot.set(u);
        qs.push(slot);
      } else qs.push(u);
    } else if (o.mode === 'fill' && qs.length < maxCols) {
      coef[qs.length] = norm;
      qs.push(nextFill());
    }
    rcols.push(coef);
  }
  if (o.mode === 'fill') while (qs.length < (o.cols ?? 0)) qs.push(nextFill());
  const k = qs.length;
  let Q: Mat;
  if (inPlace) Q = { rows: n, cols: k, data: a.data.subarray(0, n * k) };
  else {
    Q = zeros(n, k);
    qs.forEach((q, j) => Q.data.set(q, j * n));
  }
  const R = zeros(k, a.cols);
  rcols.forEach((c, j) => R.data.set(c.subarray(0, k), j * k));
  return { Q, R };
}
