import { mul, transpose, type Mat } from '../../../lib/kinetic/dense.js';
import { symEig } from '../../../lib/kinetic/symmetric-eigen.js';

// Tolerances: a backward-stable symmetric eigensolver gives ‖A·V − V·Λ‖ = O(n·ε·‖A‖) and
// ‖VᵀV − I‖ = O(n·ε) (GVL §8.3); with ε ≈ 2.2e-16 the bounds 1e-12·‖A‖·n and 1e-13·n leave a
// margin of a few hundred over round-off and still catch any wrong rotation or reflection.

const lcg = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;

function randomSymmetric(n: number, seed: number): Mat {
  const r = lcg(seed);
  const a: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      const x = r();
      a.data[j * n + i] = x;
      a.data[i * n + j] = x;
    }
  }
  return a;
}

const frob = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x) => s + x * x, 0));

function residual(a: Mat, values: Float64Array, v: Mat): number {
  const av = mul(a, v);
  const n = a.rows;
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) av.data[j * n + i] -= v.data[j * n + i]! * values[j]!;
  return frob(av.data);
}

function orthogonalityError(v: Mat): number {
  const g = mul(transpose(v), v);
  for (let i = 0; i < v.cols; i++) g.data[i * v.cols + i] -= 1;
  return frob(g.data);
}

/** Checks the decomposition of a against the bounds above and returns it. */
function checked(a: Mat): { values: Float64Array; vectors: Mat } {
  const n = a.rows;
  const d = symEig(a);
  expect(d.values).toHaveLength(n);
  expect(d.vectors.rows).toBe(n);
  expect(d.vectors.cols).toBe(n);
  expect(residual(a, d.values, d.vectors)).toBeLessThanOrEqual(1e-12 * frob(a.data) * n);
  expect(orthogonalityError(d.vectors)).toBeLessThanOrEqual(1e-13 * n);
  for (let i = 1; i < n; i++) expect(d.values[i]!).toBeGreaterThanOrEqual(d.values[i - 1]!);
  return d;
}

/** An orthogonal matrix from a product of reflections I − 2·u·uᵀ/uᵀu built here, independently. */
function randomOrthogonal(n: number, seed: number): Mat {
  const r = lcg(seed);
  const q: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) q.data[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const u = Float64Array.from({ length: n }, r);
    const uu = u.reduce((s, x) => s + x * x, 0);
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += u[i]! * q.data[j * n + i]!;
      for (let i = 0; i < n; i++) q.data[j * n + i] -= (2 * dot * u[i]!) / uu;
    }
  }
  return q;
}

function withSpectrum(lambda: number[], seed: number): Mat {
  const n = lambda.length;
  const q = randomOrthogonal(n, seed);
  const ql = { rows: n, cols: n, data: q.data.map((x, k) => x * lambda[Math.floor(k / n)]!) };
  return mul(ql, transpose(q));
}

const sortedCopy = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('symEig (Householder tridiagonalisation + Wilkinson-shifted implicit QR)', () => {
  it('decomposes seeded random symmetric matrices of every size 1..40', () => {
    for (let n = 1; n <= 40; n++) checked(randomSymmetric(n, 1000 + n));
  });

  it('recovers a prescribed spectrum, including a double and a triple eigenvalue', () => {
    const lambda = [3, -1, 2, 2, 0.5, -4, 7, 7, 7, 1e-9];
    const { values } = checked(withSpectrum(lambda, 42));
    sortedCopy(lambda).forEach((l, i) => expect(Math.abs(values[i]! - l)).toBeLessThan(1e-13 * 10 * 7));
  });

  it('matches the closed-form spectrum of the discrete Laplacian tridiag(−1, 2, −1)', () => {
    // Already tridiagonal: exercises the QR phase alone. λ_k = 2 − 2cos(kπ/(n+1)).
    const n = 33;
    const a: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 2;
      if (i + 1 < n) a.data[i * n + i + 1] = a.data[(i + 1) * n + i] = -1;
    }
    const { values } = checked(a);
    for (let k = 1; k <= n; k++) expect(Math.abs(values[k - 1]! - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-13);
  });

  it('returns the identity unchanged and sorts a diagonal matrix with permuted unit vectors', () => {
    const eye: Mat = { rows: 6, cols: 6, data: new Float64Array(36) };
    for (let i = 0; i < 6; i++) eye.data[i * 6 + i] = 1;
    const id = checked(eye);
    expect(Array.from(id.values)).toEqual([1, 1, 1, 1, 1, 1]);

    const diag = [4, -2, 9, 0, -2.5];
    const a: Mat = { rows: 5, cols: 5, data: new Float64Array(25) };
    diag.forEach((x, i) => (a.data[i * 5 + i] = x));
    const d = checked(a);
    expect(Array.from(d.values)).toEqual(sortedCopy(diag));
    sortedCopy(diag).forEach((x, j) => {
      const i = diag.indexOf(x);
      expect(Math.abs(d.vectors.data[j * 5 + i]!)).toBe(1); // exactly ±e_i: no rotation was needed
    });
  });

  it('matches the 2×2 closed form', () => {
    const [p, b, c] = [1.5, -0.7, -2];
    const { values, vectors } = checked({ rows: 2, cols: 2, data: Float64Array.from([p, b, b, c]) });
    const mid = (p + c) / 2;
    const rad = Math.hypot((p - c) / 2, b);
    expect(Math.abs(values[0]! - (mid - rad))).toBeLessThan(1e-15);
    expect(Math.abs(values[1]! - (mid + rad))).toBeLessThan(1e-15);
    // The eigenvector of λ is ∝ (b, λ − p): check the direction.
    const [x, y] = [vectors.data[2]!, vectors.data[3]!];
    expect(Math.abs(x * (values[1]! - p) - y * b)).toBeLessThan(1e-15);
  });

  it('handles the zero matrix and uses only the symmetric part of a non-symmetric input', () => {
    const z = checked({ rows: 4, cols: 4, data: new Float64Array(16) });
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);

    const s = randomSymmetric(9, 77);
    const r = lcg(5);
    const skew = new Float64Array(81);
    for (let j = 0; j < 9; j++) for (let i = 0; i < j; i++) skew[j * 9 + i] = -(skew[i * 9 + j] = r());
    const a: Mat = { rows: 9, cols: 9, data: s.data.map((x, k) => x + skew[k]!) };
    const got = symEig(a);
    expect(residual(s, got.values, got.vectors)).toBeLessThan(1e-12 * frob(s.data) * 9);
    const want = checked(s).values;
    want.forEach((l, i) => expect(Math.abs(got.values[i]! - l)).toBeLessThan(1e-14 * 9));
  });

  it('passes NaN and infinity through instead of iterating forever', () => {
    for (const bad of [NaN, Infinity]) {
      const a = randomSymmetric(5, 3);
      a.data[7] = bad;
      const d = symEig(a);
      expect(Array.from(d.values).every(Number.isNaN)).toBe(true);
      expect(Array.from(d.vectors.data).every(Number.isNaN)).toBe(true);
    }
  });

  it('keeps relative accuracy on a badly scaled matrix (no overflow or underflow in the reflections)', () => {
    // 1e±150: squares beyond ±1e290, where the rotations fall back to Math.hypot; 1e±140: the
    // plain √(a² + b²) near the ends of its range.
    for (const scale of [1e-150, 1e150, 1e-140, 1e140]) {
      const a = randomSymmetric(12, 9);
      a.data.forEach((x, k) => (a.data[k] = x * scale));
      checked(a);
    }
  });
});
