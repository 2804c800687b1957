import { fromColumns, mul, transpose, type Mat } from '../../../lib/kinetic/dense.js';
import { SkewExp } from '../../../lib/kinetic/skew-exp.js';
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

  it('exp of a skew-symmetric matrix matches its Taylor series', () => {
    const B = random(7, 7, 11);
    const A = mul(B, transpose(B));
    for (let i = 0; i < 49; i++) A.data[i] = B.data[i]! - B.data[(i % 7) * 7 + Math.floor(i / 7)]!; // B − Bᵀ
    const y = Float64Array.from({ length: 7 }, (_, i) => Math.cos(i));
    const tau = 0.8;
    let term = Float64Array.from(y);
    const sum = Float64Array.from(y);
    for (let k = 1; k < 60; k++) {
      const next = new Float64Array(7);
      for (let j = 0; j < 7; j++) for (let i = 0; i < 7; i++) next[i] += (A.data[j * 7 + i]! * term[j]! * tau) / k;
      term = next;
      for (let i = 0; i < 7; i++) sum[i] += term[i]!;
    }
    const got = new SkewExp(A).apply(tau, y);
    for (let i = 0; i < 7; i++) expect(Math.abs(got[i]! - sum[i]!)).toBeLessThan(1e-12);
  });
});
