import { makeGrid } from '../../../lib/kinetic/grid.js';
import { VelocityOps } from '../../../lib/kinetic/velocity-ops.js';

describe('velocity derivatives', () => {
  const grid = makeGrid(8, 256, 4 * Math.PI, 6);
  const { v, vq } = grid;
  const f0 = v.map((x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI));
  const ops = new VelocityOps(grid, f0);
  const g = v.map((x) => 1 + 0.3 * x - 0.2 * x * x + 0.05 * Math.sin(3 * x)); // g = f/f0

  it('conservative form: Σ q·∂vφ = 0 and Σ q·v·∂vφ = −Σ q·φ to round-off', () => {
    const out = new Float64Array(v.length);
    // a g that does not vanish near ±vmax on the f scale: the identities must hold regardless
    const rough = v.map((x) => Math.exp(x * x / 4));
    for (const gg of [g, rough]) {
      ops.conservative(gg, out);
      let mass = 0;
      let mom = 0;
      let dens = 0;
      for (let l = 0; l < v.length; l++) {
        const fd = vq[l]! * f0[l]! * out[l]!; // q·∂v(f0·g)
        mass += fd;
        mom += v[l]! * fd;
        dens += vq[l]! * f0[l]! * gg[l]!;
      }
      expect(Math.abs(mass)).toBeLessThan(1e-14 * Math.max(1, dens));
      expect(Math.abs(mom + dens)).toBeLessThan(1e-13 * Math.max(1, dens));
    }
  });

  it('both forms are 4th-order accurate in the interior', () => {
    const exact = (x: number) => {
      // d/dv (f0·g) / f0 = g' − v·g
      const gv = 1 + 0.3 * x - 0.2 * x * x + 0.05 * Math.sin(3 * x);
      const dg = 0.3 - 0.4 * x + 0.15 * Math.cos(3 * x);
      return dg - x * gv;
    };
    const err = (nv: number, form: 'conservative' | 'skew') => {
      const gr = makeGrid(8, nv, 4 * Math.PI, 6);
      const w = gr.v.map((x) => Math.exp(-x * x / 2));
      const o = new VelocityOps(gr, w);
      const out = new Float64Array(nv);
      o[form](gr.v.map((x) => 1 + 0.3 * x - 0.2 * x * x + 0.05 * Math.sin(3 * x)), out);
      let m = 0;
      for (let l = 0; l < nv; l++) if (Math.abs(gr.v[l]!) < 4) m = Math.max(m, Math.abs(out[l]! - exact(gr.v[l]!)));
      return m;
    };
    for (const form of ['conservative', 'skew'] as const) {
      const ratio = err(128, form) / err(256, form);
      expect(ratio).toBeGreaterThan(12); // 2^4 = 16 for a 4th-order stencil
      // h⁴·|(f0·g)⁽⁵⁾|/f0 with h = 0.047: the weight's derivatives grow like v⁵ out to |v| = 4
      expect(err(256, form)).toBeLessThan(2e-4);
    }
  });

  it('the skew form is skew-symmetric in the f-space (no boundary growth)', () => {
    const n = 32;
    const gr = makeGrid(8, n, 4 * Math.PI, 6);
    const one = new Float64Array(n).fill(1);
    const o = new VelocityOps(gr, one);
    const D: number[][] = [];
    for (let m = 0; m < n; m++) {
      const e = new Float64Array(n);
      e[m] = 1;
      const col = new Float64Array(n);
      o.skew(e, col);
      D.push(Array.from(col));
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(D[j]![i]! + D[i]![j]!).toBeCloseTo(0, 12);
  });
});
