import { fromColumns, mul, transpose, type Mat } from '../../../lib/kinetic/dense.js';
import { SkewSchur } from '../../../lib/kinetic/skew-schur.js';
import { svd } from '../../../lib/kinetic/svd.js';
import { symEig } from '../../../lib/kinetic/symmetric-eigen.js';

const rand = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;

function random(rows: number, cols: number, seed: number): Mat {
  const r = rand(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, r) };
}

const maxDiff = (a: Mat, b: Mat) => Math.max(...Array.from(a.data, (x, i) => Math.abs(x - b.data[i]!)));

describe('small dense decompositions', () => {
  it('symEig: A = T·Λ·Tᵀ with T orthogonal', () => {
    const B = random(12, 12, 3);
    const A = mul(B, transpose(B));
    const { values, vectors: T } = symEig(A);
    const L = fromColumns(Array.from(values, (l, j) => Float64Array.from({ length: 12 }, (_, i) => (i === j ? l : 0))), 12);
    expect(maxDiff(mul(mul(T, L), transpose(T)), A)).toBeLessThan(1e-13);
    expect(maxDiff(mul(transpose(T), T), fromColumns(Array.from({ length: 12 }, (_, j) => Float64Array.from({ length: 12 }, (_, i) => +(i === j))), 12))).toBeLessThan(1e-14);
  });

  it('svd keeps tiny singular values accurate (graded matrix)', () => {
    // A = U·diag(1, 1e-4, 1e-8, 1e-12)·Vᵀ from random orthogonal factors
    const U = symEig(mul(random(6, 6, 5), transpose(random(6, 6, 5)))).vectors;
    const V = symEig(mul(random(4, 4, 9), transpose(random(4, 4, 9)))).vectors;
    const s = [1, 1e-4, 1e-8, 1e-12];
    const US: Mat = { rows: 6, cols: 4, data: new Float64Array(24) };
    for (let j = 0; j < 4; j++) for (let i = 0; i < 6; i++) US.data[j * 6 + i] = U.data[j * 6 + i]! * s[j]!;
    const A = mul(US, transpose(V));
    const d = svd(A);
    s.forEach((sv, j) => expect(Math.abs(d.s[j]! - sv) / sv).toBeLessThan(1e-3));
    expect(Math.abs(d.s[0]! - 1)).toBeLessThan(1e-14);
  });

  /** exp(τA)·y by its Taylor series (the oracle: independent of any eigen-decomposition). */
  function expTaylor(A: Mat, tau: number, y: Float64Array): Float64Array {
    const n = A.rows;
    let term = Float64Array.from(y);
    const sum = Float64Array.from(y);
    for (let k = 1; k < 200; k++) {
      const next = new Float64Array(n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) next[i] += (A.data[j * n + i]! * term[j]! * tau) / k;
      term = next;
      for (let i = 0; i < n; i++) sum[i] += term[i]!;
    }
    return sum;
  }

  function skew(B: Mat): Mat {
    const n = B.rows;
    const A: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) A.data[j * n + i] = B.data[j * n + i]! - B.data[i * n + j]!;
    return A;
  }

  // exp(τA) has norm 1 and the series sums terms up to (τ‖A‖)^k/k!, so both sides carry
  // round-off ~ε·e^{τ‖A‖}; 1e-12 leaves room for τ‖A‖ ≈ 5 below.
  it('exp of a skew-symmetric matrix via its real Schur form matches the Taylor series', () => {
    for (const n of [7, 8]) {
      const A = skew(random(n, n, 11 + n));
      const sch = new SkewSchur(A);
      // Q orthogonal and A = Q·B·Qᵀ
      expect(maxDiff(mul(transpose(sch.Q), sch.Q), fromColumns(Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => +(i === j))), n))).toBeLessThan(1e-14);
      expect(sch.pairs).toBe(Math.floor(n / 2)); // a random odd skew matrix has exactly one zero eigenvalue
      const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
      for (const tau of [0.8, -2.5]) {
        const got = sch.apply(tau, y);
        const want = expTaylor(A, tau, y);
        for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('Schur form of a derivative matrix with degenerate pairs and a null space (Fourier modes)', () => {
    // d1 = ⟨X, ∂x X⟩ for X = {1, cos x, sin x, cos 2x, sin 2x, cos 3x} (orthonormal on the
    // grid): eigenvalues ±i, ±2i and a double 0 (∂x cos 3x leaves the span).
    const n = 64;
    const h = (2 * Math.PI) / n;
    const xs = Float64Array.from({ length: n }, (_, i) => i * h);
    const fns = [(x: number) => 1, Math.cos, Math.sin, (x: number) => Math.cos(2 * x), (x: number) => Math.sin(2 * x), (x: number) => Math.cos(3 * x)];
    const dfs = [(_: number) => 0, (x: number) => -Math.sin(x), Math.cos, (x: number) => -2 * Math.sin(2 * x), (x: number) => 2 * Math.cos(2 * x), (x: number) => -3 * Math.sin(3 * x)];
    const r = fns.length;
    const A: Mat = { rows: r, cols: r, data: new Float64Array(r * r) };
    const norm = (f: (x: number) => number) => Math.sqrt(xs.reduce((s, x) => s + f(x) ** 2, 0) * h);
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) A.data[j * r + i] = (xs.reduce((s, x) => s + fns[i]!(x) * dfs[j]!(x), 0) * h) / (norm(fns[i]!) * norm(fns[j]!));
    const sch = new SkewSchur(A);
    expect(sch.pairs).toBe(2);
    expect(Array.from(sch.mu, Math.abs).sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(2, 12)]);
    const y = Float64Array.from({ length: r }, (_, i) => 1 + i);
    const got = sch.apply(0.7, y);
    const want = expTaylor(A, 0.7, y);
    for (let i = 0; i < r; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-12);
  });

  it('near-null pairs (μ ≤ 1e-4·‖A‖) go to the null block and still exponentiate exactly', () => {
    const A: Mat = { rows: 4, cols: 4, data: new Float64Array(16) };
    const set = (i: number, j: number, v: number) => {
      A.data[j * 4 + i] = v;
      A.data[i * 4 + j] = -v;
    };
    set(0, 1, 3);
    set(2, 3, 1e-7);
    set(1, 2, 2e-8);
    const sch = new SkewSchur(A);
    expect(sch.pairs).toBe(1);
    const y = Float64Array.from([1, -2, 3, 0.5]);
    for (const tau of [1, 2]) {
      const got = sch.apply(tau, y);
      const want = expTaylor(A, tau, y);
      for (let i = 0; i < 4; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-12);
    }
  });

  it('tabulate: the recurrence on evenly spaced angles matches cos/sin; uneven angles get them exactly', () => {
    // A random skew A (4 pairs, μ ≈ 0.09–1.35) and angles −v_l·τ on a 512-point v grid as the
    // L-step's (|θ·μ| up to ≈ 10).
    const A = random(9, 9, 31);
    for (let j = 0; j < 9; j++) {
      A.data[j * 9 + j] = 0;
      for (let i = 0; i < j; i++) A.data[i * 9 + j] = -A.data[j * 9 + i]!;
    }
    const sch = new SkewSchur(A);
    const np = sch.pairs;
    expect(np).toBe(4);
    const check = (thetas: Float64Array, tol: number) => {
      const tab = sch.tabulate(thetas);
      let err = 0;
      thetas.forEach((t, i) => {
        for (let k = 0; k < np; k++) {
          err = Math.max(err, Math.abs(tab[2 * (i * np + k)]! - Math.cos(t * sch.mu[k]!)), Math.abs(tab[2 * (i * np + k) + 1]! - Math.sin(t * sch.mu[k]!)));
        }
      });
      return err;
    };
    // cell-centred grid as grid.ts makes it: the differences agree to round-off, not exactly.
    const even = Float64Array.from({ length: 512 }, (_, l) => -(-6 + (l + 0.5) * (12 / 512)) * 1.3);
    // ≤ 15 recurrence steps of a few ε each: ~4e-15 measured, bound 1e-13; an anchor or
    // step factor off by one row would give O(0.01–1) errors.
    expect(check(even, 0)).toBeLessThan(1e-13);
    const uneven = even.map((t, l) => t + (l % 3) * 1e-9);
    expect(check(uneven, 0)).toBe(0); // exact cos/sin, the same calls as the reference
  });
});
