// The low-rank step's reorganised loops (issue #9, fourth round) against the straightforward
// forms they replace. Each claims the same operations per entry in the same order, so the
// oracle comparisons are exact (toBe / toEqual on float64), not within a tolerance: a changed
// summation order shows up as a last-bit difference and fails them.
import { hcat, hcatInto, type Mat } from '../../../lib/kinetic/dense.js';
import { SkewSchur } from '../../../lib/kinetic/skew-schur.js';
import { LowRankOps } from '../../../lib/kinetic/lowrank-ops.js';
import { makeGrid } from '../../../lib/kinetic/grid.js';

const rand = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
function random(rows: number, cols: number, seed: number): Mat {
  const r = rand(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, r) };
}

describe('step loops reorganised without changing a bit', () => {
  it('rotateRowsTabulated equals rotateTabulated row by row (pairs and a null block)', () => {
    // A 7×7 skew matrix with a near-null pair (1e-7 ≤ 1e-4·‖A‖): 2 pairs + a 3-dim null block,
    // so both parts of the flow are exercised.
    const n = 7;
    const A: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
    const set = (i: number, j: number, v: number) => {
      A.data[j * n + i] = v;
      A.data[i * n + j] = -v;
    };
    set(0, 1, 3);
    set(2, 3, 1.5);
    set(1, 2, 0.4);
    set(4, 5, 1e-7);
    set(5, 6, 3e-8);
    const sch = new SkewSchur(A);
    expect(sch.pairs).toBe(2);
    const rows = 33;
    const thetas = Float64Array.from({ length: rows }, (_, l) => 0.05 * (l - 16));
    const tab = sch.tabulate(thetas);
    const y = random(rows, n, 5).data;
    const want = y.slice();
    for (let l = 0; l < rows; l++) sch.rotateTabulated(tab, l, thetas[l]!, want, l, rows);
    sch.rotateRowsTabulated(tab, thetas, y, rows);
    expect(Array.from(y)).toEqual(Array.from(want));
  });

  it('density (four columns per pass) equals column-by-column accumulation, zero coefficients skipped', () => {
    const grid = makeGrid(64, 16, 4 * Math.PI, 6);
    const ops = new LowRankOps(grid, new Float64Array(16).fill(1));
    for (const cols of [1, 3, 4, 6, 9]) {
      const X = random(64, cols, 7 + cols);
      const coef = Float64Array.from({ length: cols }, (_, j) => (j === 2 ? 0 : Math.cos(j + 1)));
      const want = new Float64Array(64);
      for (let j = 0; j < cols; j++) {
        if (coef[j] === 0) continue;
        for (let i = 0; i < 64; i++) want[i] += coef[j]! * X.data[j * 64 + i]!;
      }
      const got = ops.density(X, coef, new Float64Array(64).fill(9)); // stale contents reset
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('hcatInto fills the front of a long enough buffer, else allocates', () => {
    const a = random(5, 2, 3);
    const b = random(5, 1, 4);
    const buf = new Float64Array(40).fill(7);
    const got = hcatInto(buf, a, b);
    expect(got.data.buffer).toBe(buf.buffer);
    expect(got.data.length).toBe(15);
    expect(Array.from(got.data)).toEqual(Array.from(hcat(a, b).data));
    expect(buf[15]).toBe(7); // the rest untouched
    const small = new Float64Array(10);
    expect(hcatInto(small, a, b).data.buffer).not.toBe(small.buffer);
  });
});
