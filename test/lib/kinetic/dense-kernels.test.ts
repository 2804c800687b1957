// The hand-written small dense kernels of the low-rank step against ml-matrix as the oracle,
// and the "extend a known Gram block" paths against computing everything afresh.
// Tolerances: sums of ≤ 200 products of O(1) numbers, so round-off ≲ 200·ε ≈ 5e-14 absolute.
import { Matrix } from 'ml-matrix';
import { mulInto, tmulInto, zeros, type Mat } from '../../../lib/kinetic/dense.js';
import { orthonormalize } from '../../../lib/kinetic/orth.js';
import { LowRankOps } from '../../../lib/kinetic/lowrank-ops.js';
import { makeGrid } from '../../../lib/kinetic/grid.js';
import { LawsonRk4, lawsonIntegrator } from '../../../lib/kinetic/lawson.js';

const rand = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
function random(rows: number, cols: number, seed: number): Mat {
  const r = rand(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, r) };
}
/** Column-major Mat → ml-matrix. */
const ml = (a: Mat) => new Matrix(Array.from({ length: a.rows }, (_, i) => Array.from({ length: a.cols }, (_, j) => a.data[j * a.rows + i]!)));
function maxDiff(a: Mat, b: Matrix): number {
  let m = 0;
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) m = Math.max(m, Math.abs(a.data[j * a.rows + i]! - b.get(i, j)));
  return m;
}

describe('small dense kernels (ml-matrix as oracle)', () => {
  it('mulInto for every remainder of the 4-column blocking', () => {
    for (const inner of [1, 3, 4, 5, 7, 8]) {
      const a = random(37, inner, 3 + inner);
      const b = random(inner, 6, 5 + inner);
      const out = random(37, 6, 99); // stale contents must be overwritten
      expect(maxDiff(mulInto(a, b, out), ml(a).mmul(ml(b)))).toBeLessThan(1e-14);
    }
  });

  it('tmulInto with scalar and vector weights, symmetric and not', () => {
    const n = 50;
    const w = Float64Array.from({ length: n }, (_, i) => 0.5 + Math.sin(i) ** 2);
    const W = Matrix.diag(Array.from(w));
    for (const cols of [1, 2, 5]) {
      const a = random(n, cols, 7 + cols);
      const b = random(n, 3, 11 + cols);
      expect(maxDiff(tmulInto(a, b, 0.3, zeros(cols, 3)), ml(a).transpose().mmul(ml(b)).mul(0.3))).toBeLessThan(1e-13);
      expect(maxDiff(tmulInto(a, b, w, zeros(cols, 3)), ml(a).transpose().mmul(W).mmul(ml(b)))).toBeLessThan(1e-13);
      expect(maxDiff(tmulInto(a, a, w, zeros(cols, cols)), ml(a).transpose().mmul(W).mmul(ml(a)))).toBeLessThan(1e-13);
    }
  });

  it('tmulInto with a known block leaves it and fills the rest', () => {
    const a = random(40, 6, 21);
    const b = random(40, 6, 23);
    for (const sym of [false, true]) {
      const bb = sym ? a : b;
      const out = zeros(6, 6);
      for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) out.data[j * 6 + i] = 1000 + i + 10 * j; // marker
      tmulInto(a, bb, 1, out, 3);
      const want = ml(a).transpose().mmul(ml(bb));
      for (let j = 0; j < 6; j++) {
        for (let i = 0; i < 6; i++) {
          if (i < 3 && j < 3) expect(out.data[j * 6 + i]).toBe(1000 + i + 10 * j);
          else expect(Math.abs(out.data[j * 6 + i]! - want.get(i, j))).toBeLessThan(1e-14);
        }
      }
    }
  });
});

describe('augmented bases reuse the old basis exactly', () => {
  const grid = makeGrid(64, 48, 4 * Math.PI, 6);
  const f0 = grid.v.map((v) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI));
  const ops = new LowRankOps(grid, f0);

  it('orthonormalize with a prefix copies it and orthogonalises the rest against it', () => {
    const X = orthonormalize(random(64, 4, 31), grid.hx, { mode: 'drop' }).Q;
    const extra = random(64, 3, 37);
    const A: Mat = { rows: 64, cols: 7, data: new Float64Array(64 * 7) };
    A.data.set(X.data);
    A.data.set(extra.data, 64 * 4);
    const { Q } = orthonormalize(A, grid.hx, { mode: 'drop', prefix: 4 });
    expect(Array.from(Q.data.subarray(0, 64 * 4))).toEqual(Array.from(X.data));
    const G = tmulInto(Q, Q, grid.hx, zeros(7, 7));
    for (let j = 0; j < 7; j++) for (let i = 0; i < 7; i++) expect(Math.abs(G.data[j * 7 + i]! - +(i === j))).toBeLessThan(1e-14);
  });

  it('vCoeffs and d1 extended from a prefix equal the fresh computation', () => {
    const V = orthonormalize(random(48, 8, 41), ops.vops.wq, { mode: 'drop' }).Q;
    const V4: Mat = { rows: 48, cols: 4, data: V.data.slice(0, 48 * 4) };
    const ext = ops.vCoeffs(V, ops.vCoeffs(V4));
    const fresh = ops.vCoeffs(V);
    for (const key of ['c1', 'c2'] as const) {
      for (let i = 0; i < 64; i++) expect(Math.abs(ext[key].data[i]! - fresh[key].data[i]!)).toBeLessThan(1e-12);
    }
    const X = orthonormalize(random(64, 7, 43), grid.hx, { mode: 'drop' }).Q;
    const X3: Mat = { rows: 64, cols: 3, data: X.data.slice(0, 64 * 3) };
    const d = ops.d1(X, ops.d1(X3)).d1;
    const dFresh = ops.d1(X).d1;
    for (let i = 0; i < 49; i++) expect(Math.abs(d.data[i]! - dFresh.data[i]!)).toBeLessThan(1e-12);
    // skew-symmetric exactly, and equal to the plain Gram product with the derivative
    const dX = ops.d1(X).dX!;
    const plain = tmulInto(X, dX, grid.hx, zeros(7, 7));
    for (let j = 0; j < 7; j++) {
      for (let i = 0; i < 7; i++) {
        expect(d.data[j * 7 + i]! + d.data[i * 7 + j]!).toBe(0);
        expect(Math.abs(d.data[j * 7 + i]! - plain.data[j * 7 + i]!)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('Lawson schemes with in-place flows', () => {
  // Complex scalar as a pair; A = iω (rotation, exact flow), N(y) = ε·y². Exact solution of
  // the Bernoulli equation: y(t) = e^{iωt}·y0 / (1 − ε·y0·(e^{iωt} − 1)/(iω)).
  const omega = 40;
  const eps = 0.3;
  const exact = (t: number): [number, number] => {
    const er = Math.cos(omega * t);
    const ei = Math.sin(omega * t);
    // d = 1 − ε·(e^{iωt} − 1)/(iω) with y0 = 1: (e − 1)/(iω) = (ei − i(er − 1))/ω
    const dr = 1 - (eps * ei) / omega;
    const di = (eps * (er - 1)) / omega;
    const den = dr * dr + di * di;
    return [(er * dr + ei * di) / den, (ei * dr - er * di) / den];
  };
  const N = (y: Float64Array, out: Float64Array) => {
    out[0] = eps * (y[0]! * y[0]! - y[1]! * y[1]!);
    out[1] = eps * 2 * y[0]! * y[1]!;
  };
  const flow = (y: Float64Array, tau: number) => {
    const c = Math.cos(omega * tau);
    const s = Math.sin(omega * tau);
    const r = c * y[0]! - s * y[1]!;
    y[1] = s * y[0]! + c * y[1]!;
    y[0] = r;
  };
  const err = (scheme: 'rk4' | 'rk2', steps: number) => {
    const y = Float64Array.from([1, 0]);
    const rk = lawsonIntegrator(scheme, 2);
    for (let i = 0; i < steps; i++) rk.step(y, 1 / steps, N, flow);
    const [er, ei] = exact(1);
    return Math.hypot(y[0]! - er, y[1]! - ei);
  };

  it('RK4 is 4th order on y′ = iω·y + ε·y² (exact solution known), whatever the size of ω·h', () => {
    // ω·h = 40/10 = 4, 2, 1: the first beyond plain RK4's limit on iω (2.83), where RK4 on
    // the whole right-hand side would grow by |R(4i)| ≈ 5 per step.
    const e1 = err('rk4', 10);
    const e2 = err('rk4', 20);
    const e3 = err('rk4', 40);
    expect(e1).toBeLessThan(1e-2); // measured 2.3e-3; plain RK4 would have grown ~5^10-fold
    expect(Math.log2(e2 / e3)).toBeGreaterThan(3.5);
    expect(new LawsonRk4(2).flowFraction).toBe(0.5);
  });

  it('Lawson–Heun (rk2) is 2nd order on the same problem, also at ω·h = 4', () => {
    const e = [10, 20, 40, 80].map((n) => err('rk2', n));
    expect(e[0]).toBeLessThan(0.1); // plain Heun on iω would grow by |R(4i)| = √(1 + 4⁴/4) ≈ 8 per step
    for (let i = 1; i < e.length; i++) expect(Math.log2(e[i - 1]! / e[i]!)).toBeGreaterThan(1.8);
    expect(Math.log2(e[2]! / e[3]!)).toBeLessThan(2.3); // and not better: the test can tell the orders apart
    expect(err('rk2', 40)).toBeGreaterThan(10 * err('rk4', 40));
  });
});
