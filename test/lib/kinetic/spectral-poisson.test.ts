import { PeriodicSpectral } from '../../../lib/kinetic/spectral.js';
import { PoissonSolver } from '../../../lib/kinetic/poisson.js';

const grid = (n: number, L: number) => Float64Array.from({ length: n }, (_, i) => (i * L) / n);

describe('FFT Poisson solve', () => {
  it('matches the analytic field of a two-mode density', () => {
    // ∂x E = 1 − ρ with ρ = 1 + a·cos(kx) + b·sin(3kx)  ⇒  E = −(a/k)·sin(kx) + (b/(3k))·cos(3kx)
    const L = 4 * Math.PI;
    const k = (2 * Math.PI) / L;
    const x = grid(64, L);
    const rho = x.map((xi) => 1 + 0.3 * Math.cos(k * xi) + 0.1 * Math.sin(3 * k * xi));
    const E = new PoissonSolver(64, L).field(rho, new Float64Array(64));
    for (let i = 0; i < 64; i++) {
      const exact = -(0.3 / k) * Math.sin(k * x[i]!) + (0.1 / (3 * k)) * Math.cos(3 * k * x[i]!);
      expect(Math.abs(E[i]! - exact)).toBeLessThan(1e-13); // spectral: exact for band-limited ρ
    }
    // The mean of E is zero and Σ E·ρ = 0, which the low-rank momentum conservation relies on.
    expect(Math.abs(E.reduce((a, b) => a + b, 0))).toBeLessThan(1e-13);
    expect(Math.abs(E.reduce((a, e, i) => a + e * rho[i]!, 0))).toBeLessThan(1e-13);
  });
});

describe('spectral advection', () => {
  const L = 2 * Math.PI;
  const profile = (x: number) => Math.exp(Math.sin(x)); // smooth, periodic, not band-limited
  it('translates a smooth periodic profile to the exact shift', () => {
    const n = 64;
    const x = grid(n, L);
    const sp = new PeriodicSpectral(n, L);
    const u = x.map(profile);
    const w = x.map((xi) => Math.cos(2 * xi));
    sp.shiftPair(u, 0.7, w, -1.3); // two different shifts in one complex FFT
    for (let i = 0; i < n; i++) {
      // exp(sin x) has Fourier coefficients ~ I_m(1): below 1e-15 beyond |m| = 20 < n/2
      expect(Math.abs(u[i]! - profile(x[i]! - 0.7))).toBeLessThan(1e-12);
      expect(Math.abs(w[i]! - Math.cos(2 * (x[i]! + 1.3)))).toBeLessThan(1e-12);
    }
  });

  it('differentiates spectrally and fails for a coarse grid (the test can fail)', () => {
    const errAt = (n: number) => {
      const x = grid(n, L);
      const out = new Float64Array(n);
      new PeriodicSpectral(n, L).derivative(x.map(profile), out);
      return Math.max(...Array.from(out, (d, i) => Math.abs(d - Math.cos(x[i]!) * profile(x[i]!))));
    };
    expect(errAt(64)).toBeLessThan(1e-12);
    expect(errAt(8)).toBeGreaterThan(1e-4);
  });
});
