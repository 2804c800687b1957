import { dominantMode, faddeeva, findRoot } from '../../../lib/kinetic/dispersion.js';
import { twoStreamEpsilon } from './two-stream-oracle.js';

describe('linear theory', () => {
  it('Faddeeva function at known points', () => {
    // w(0) = 1; w(i) = e·erfc(1); w(1) = e^{-1} + (2i/√π)·Dawson(1)
    const w0 = faddeeva([0, 0]);
    const wi = faddeeva([0, 1]);
    const w1 = faddeeva([1, 0]);
    expect(Math.abs(w0[0] - 1) + Math.abs(w0[1])).toBeLessThan(1e-12);
    expect(Math.abs(wi[0] - 0.42758357615580700442)).toBeLessThan(1e-12);
    expect(Math.abs(w1[0] - Math.exp(-1))).toBeLessThan(1e-12);
    expect(Math.abs(w1[1] - (2 / Math.sqrt(Math.PI)) * 0.53807950691276841914)).toBeLessThan(1e-12);
  });

  it('finds the Landau-damped root of k = 0.5: ω ≈ 1.4157 − 0.1534i (literature)', () => {
    const r = dominantMode(0.5, [{ density: 1, drift: 0, vt: 1 }])!;
    expect(r[0]).toBeCloseTo(1.4156, 3);
    expect(r[1]).toBeCloseTo(-0.1533, 3);
  });

  it('the two-stream growth rate agrees with direct integration of the dispersion relation', () => {
    const k = 0.2;
    const v0 = 2.4;
    const oracle = findRoot((w) => twoStreamEpsilon(w, k, v0), [0.01, 0.3])!;
    expect(Math.abs(oracle[0])).toBeLessThan(1e-8); // symmetric beams: purely growing
    const lib = dominantMode(k, [
      { density: 0.5, drift: v0, vt: 1 },
      { density: 0.5, drift: -v0, vt: 1 },
    ])!;
    expect(Math.abs(lib[1] - oracle[1])).toBeLessThan(1e-6);
    expect(oracle[1]).toBeGreaterThan(0.2);
  });
});
