import { runCase } from './solver-helpers.js';

describe('full-grid reference solver', () => {
  it('damps linear Landau |E| at the analytic rate and keeps mass exactly', async () => {
    // 300 steps on 32×64, fitted over [5, 28] (see lowrank.test.ts for why the window ends there).
    const r = await runCase({ problem: 'linear_landau', nx: 32, nv: 64 }, 'full', { dt: 0.1, tEnd: 30, window: [5, 28] });
    expect(Math.abs(r.rate - -0.1533) / 0.1533).toBeLessThan(0.02);
    expect(r.mass).toBeLessThan(1e-13); // the v-translation keeps the zero mode; x-translation too
    expect(r.energy).toBeLessThan(1e-5); // Strang splitting: O(dt²) energy error, not exact
  });

  it('is second order in time: the energy error scales like dt²', async () => {
    const coarse = await runCase({ problem: 'linear_landau', nx: 32, nv: 64 }, 'full', { dt: 0.4, tEnd: 10, window: [0, 10] });
    const fine = await runCase({ problem: 'linear_landau', nx: 32, nv: 64 }, 'full', { dt: 0.05, tEnd: 10, window: [0, 10] });
    expect(coarse.energy).toBeGreaterThan(20 * fine.energy); // (0.4/0.05)² = 64
  });
});
