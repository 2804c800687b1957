import { fromColumns, mul, tmul, type Mat } from '../../../lib/kinetic/dense.js';
import { orthonormalize } from '../../../lib/kinetic/orth.js';

function maxAbsDiff(a: Mat, b: Mat): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

function gramError(Q: Mat, w: Float64Array): number {
  const G = tmul(Q, Q, w);
  let m = 0;
  for (let j = 0; j < G.cols; j++) for (let i = 0; i < G.rows; i++) m = Math.max(m, Math.abs(G.data[j * G.rows + i]! - (i === j ? 1 : 0)));
  return m;
}

describe('QR in a weighted inner product', () => {
  const n = 200;
  const v = Float64Array.from({ length: n }, (_, l) => -6 + (l + 0.5) * (12 / n));
  const w = v.map((x) => (12 / n) * Math.exp(-x * x / 2)); // a Maxwellian weight, like the DLR's
  const poly = [0, 1, 2, 3, 4, 5].map((p) => v.map((x) => x ** p));

  it('overwrite: the same Q and R in A\'s own storage, dropped columns skipped over', () => {
    // columns 2 and 4 repeat earlier ones (dropped); kept columns move down over them
    const cols = [poly[0]!, poly[1]!, poly[1]!.map((x) => 2 * x), poly[2]!, poly[0]!, poly[3]!];
    const ref = orthonormalize(fromColumns(cols, n), w, { mode: 'drop' });
    const A = fromColumns(cols, n);
    const got = orthonormalize(A, w, { mode: 'drop', overwrite: true });
    expect(got.Q.cols).toBe(4);
    expect(got.Q.data.buffer).toBe(A.data.buffer);
    expect(Array.from(got.Q.data)).toEqual(Array.from(ref.Q.data));
    expect(Array.from(got.R.data)).toEqual(Array.from(ref.R.data));
  });

  it('is orthonormal in Σ w·a·b and reproduces A = Q·R for ill-conditioned monomials', () => {
    const A = fromColumns(poly, n);
    const { Q, R } = orthonormalize(A, w, { mode: 'drop' });
    expect(Q.cols).toBe(6);
    expect(gramError(Q, w)).toBeLessThan(1e-13);
    expect(maxAbsDiff(mul(Q, R), A)).toBeLessThan(1e-10 * 6 ** 5);
    // the plain (unweighted) Gram matrix is far from identity: the weight really is used
    expect(gramError(Q, new Float64Array(n).fill(1))).toBeGreaterThan(0.1);
  });

  it('drops or fills dependent columns without dividing by their tiny remainder', () => {
    const dep = v.map((x, l) => 2 * poly[1]![l]! - 3 * poly[2]![l]! + 1e-15 * Math.sin(40 * x));
    const A = fromColumns([poly[0]!, poly[1]!, dep, poly[2]!], n);
    const dropped = orthonormalize(A, w, { mode: 'drop' });
    expect(dropped.Q.cols).toBe(3);
    expect(maxAbsDiff(mul(dropped.Q, dropped.R), A)).toBeLessThan(1e-12);
    const filled = orthonormalize(A, w, { mode: 'fill', cols: 6, fill: (c) => v.map((x) => Math.cos(0.3 * (c + 1) * x)) });
    expect(filled.Q.cols).toBe(6);
    expect(gramError(filled.Q, w)).toBeLessThan(1e-13);
    expect(maxAbsDiff(mul(filled.Q, filled.R), A)).toBeLessThan(1e-12);
  });

  it('stays orthogonal to a fixed basis given as `against`', () => {
    const U = orthonormalize(fromColumns(poly.slice(0, 3), n), w, { mode: 'drop' }).Q;
    const W = orthonormalize(fromColumns(poly.slice(2), n), w, { mode: 'drop', against: U }).Q;
    expect(W.cols).toBe(3); // v² lies in span U and is dropped
    const cross = tmul(U, W, w);
    expect(Math.max(...Array.from(cross.data, Math.abs))).toBeLessThan(1e-13);
  });

  it('drops an increment relative to `dropNorms` (the BUG step passes K¹ − K⁰ with the norms of K¹)', () => {
    const Q0 = orthonormalize(fromColumns(poly.slice(0, 3), n), w, { mode: 'drop' }).Q;
    const q1 = Q0.data.subarray(n, 2 * n);
    // a new direction, small against its reference norm 1 but far above the tolerance
    const inc1 = poly[3]!.map((x) => 1e-3 * x);
    // inside span Q0 up to 1e-14: negligible against 1, but 1e-8 of its own norm
    const inc2 = v.map((x, l) => 1e-6 * q1[l]! + 1e-14 * Math.sin(40 * x));
    const A = fromColumns([...[0, 1, 2].map((j) => Q0.data.subarray(j * n, (j + 1) * n)), inc1, inc2], n);
    const ref = Float64Array.from([0, 0, 0, 1, 1]);
    const withRef = orthonormalize(A, w, { mode: 'drop', prefix: 3, dropNorms: ref }).Q;
    expect(withRef.cols).toBe(4);
    expect(gramError(withRef, w)).toBeLessThan(1e-13);
    // without the reference norms the same column counts as a (noise) direction
    expect(orthonormalize(A, w, { mode: 'drop', prefix: 3 }).Q.cols).toBe(5);
  });
});
