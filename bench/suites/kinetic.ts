/**
 * Vlasov–Poisson cost per step: full grid (Strang, Fourier translations; O(n²·log n) on an n×n
 * grid) against conservative and classic dynamical low rank at rank 10 (O(n·r²)), on linear
 * Landau damping, for n = 64 … 1024. float64 typed arrays, independent of the tensor backend:
 * measured once, in the wasm pass. Prints a scaling table: time per step, its growth per
 * doubling of n (×4.x expected for the full grid, ×2 for low rank) and the speed-up.
 *
 *   vlasov-fullgrid-N            steps/s of the full-grid solver
 *   vlasov-dlr-{conservative,classic}-r10-N   steps/s of the low-rank solver
 *   vlasov-dlr-speedup-N         full-grid time / conservative low-rank time per step
 */
import { buildProblem, FullGridSolver, LowRankSolver, lowRankStableDt, type KineticStepper } from '../../lib/kinetic/index.js';
import { median } from '../measure.js';
import type { BenchResult, BenchSuite } from '../types.js';

function msPerStep(make: () => KineticStepper, dt: number, budgetMs: number, reps: number): number {
  const s = make();
  for (let i = 0; i < 3; i++) s.step(dt); // warm-up: JIT, FFT tables, basis fill
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    let k = 0;
    do {
      s.step(dt);
      k++;
    } while (performance.now() - t0 < budgetMs);
    samples.push((performance.now() - t0) / k);
  }
  return median(samples);
}

export const kineticSuite: BenchSuite = {
  name: 'kinetic',
  description: 'Vlasov–Poisson ms/step: full grid vs dynamical low rank (rank 10), n×n grids',
  params: (quick) => ({ sizes: quick ? [64, 128, 256] : [64, 128, 256, 512, 1024], rank: 10 }),
  skip: (backend) => (backend === 'wasm' ? undefined : 'float64 typed arrays, independent of the tensor backend: measured once, in the wasm pass'),
  async *run(opts, params) {
    const sizes = params.sizes as number[];
    const rank = params.rank as number;
    const reps = opts.quick ? 3 : 5;
    const budget = opts.quick ? 100 : 300;
    const rows: string[] = ['    n   full ms  (growth)   conservative ms  (growth)   classic ms   speed-up'];
    let prev: { full: number; cons: number } | null = null;
    for (const n of sizes) {
      const p = buildProblem({ problem: 'linear_landau', nx: n, nv: n });
      // Both solvers at the step the low-rank one may take on this grid (the work per step
      // does not depend on dt: no sub-cycling at these field strengths).
      const dt = Math.min(0.05, 0.9 * lowRankStableDt(p));
      const full = msPerStep(() => new FullGridSolver(p), dt, budget, reps);
      const cons = msPerStep(() => new LowRankSolver(p, { integrator: 'conservative', rank }), dt, budget, reps);
      const classic = msPerStep(() => new LowRankSolver(p, { integrator: 'classic', rank }), dt, budget, reps);
      const results: BenchResult[] = [
        { bench: `vlasov-fullgrid-${n}`, backend: 'js-f64', value: 1000 / full, unit: 'steps/s', note: `${full.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-conservative-r${rank}-${n}`, backend: 'js-f64', value: 1000 / cons, unit: 'steps/s', note: `${cons.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-classic-r${rank}-${n}`, backend: 'js-f64', value: 1000 / classic, unit: 'steps/s', note: `${classic.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-speedup-${n}`, backend: 'js-f64', value: full / cons, unit: '× faster', note: `full grid ${full.toFixed(2)} ms vs conservative rank ${rank} ${cons.toFixed(2)} ms per step` },
      ];
      yield* results;
      const g = (a: number, b: number | undefined) => (b ? `(×${(a / b).toFixed(2)})` : '');
      rows.push(
        `${String(n).padStart(5)} ${full.toFixed(2).padStart(9)} ${g(full, prev?.full).padStart(9)} ${cons.toFixed(2).padStart(17)} ${g(cons, prev?.cons).padStart(9)} ${classic.toFixed(2).padStart(12)} ${(full / cons).toFixed(1).padStart(9)}×`,
      );
      prev = { full, cons };
    }
    opts.log(`kinetic scaling (n×n grid, rank ${rank}, ms per step, median of ${reps}):\n${rows.join('\n')}`);
  },
};
