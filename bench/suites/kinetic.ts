/**
 * Vlasov–Poisson cost per step: full grid (Strang, Fourier translations; O(n²·log n) on an n×n
 * grid) against conservative and classic dynamical low rank at rank 10 (O(n·r²)), on linear
 * Landau damping, for n = 64 … 1024. float64 typed arrays, independent of the tensor backend:
 * measured once, in the wasm pass. Prints a scaling table: time per step, the exponent p of
 * t ∝ n^p between neighbouring sizes (≈ 2 expected for the full grid, ≈ 1 for low rank once
 * its O(r³) part is amortised) and the speed-up.
 *
 * The solvers are timed in interleaved rounds (full, conservative, classic, full, …) and the
 * speed-up is the median of the per-round ratios: on a shared machine a burst of load then
 * slows both sides of a ratio alike instead of one of them.
 *
 *   vlasov-fullgrid-N            steps/s of the full-grid solver
 *   vlasov-dlr-{conservative,classic}-r10-N   steps/s of the low-rank solver
 *   vlasov-dlr-speedup-N         full-grid time / conservative low-rank time per step
 */
import { buildProblem, FullGridSolver, LowRankSolver, lowRankStableDt, type KineticStepper } from '../../lib/kinetic/index.js';
import { median } from '../measure.js';
import type { BenchResult, BenchSuite } from '../types.js';

/** Milliseconds per step over at least `budgetMs` of stepping. */
function timeSteps(s: KineticStepper, dt: number, budgetMs: number): number {
  const t0 = performance.now();
  let k = 0;
  do {
    s.step(dt);
    k++;
  } while (performance.now() - t0 < budgetMs);
  return (performance.now() - t0) / k;
}

/** log2 of the growth per doubling of n: the local exponent of t ∝ n^p. */
function exponent(t: number, prev: number | undefined, n: number, prevN: number | undefined): string {
  return prev && prevN ? (Math.log(t / prev) / Math.log(n / prevN)).toFixed(2) : '';
}

export const kineticSuite: BenchSuite = {
  name: 'kinetic',
  description: 'Vlasov–Poisson ms/step: full grid vs dynamical low rank (rank 10), n×n grids',
  params: (quick) => ({ sizes: quick ? [64, 128, 256] : [64, 128, 256, 512, 1024], rank: 10 }),
  skip: (backend) => (backend === 'wasm' ? undefined : 'float64 typed arrays, independent of the tensor backend: measured once, in the wasm pass'),
  async *run(opts, params) {
    const sizes = params.sizes as number[];
    const rank = params.rank as number;
    const rounds = opts.quick ? 3 : 7;
    const budget = opts.quick ? 60 : 150;
    const rows: string[] = ['    n   full ms     p   conservative ms     p   classic ms     p   speed-up'];
    let prev: { n: number; full: number; cons: number; classic: number } | null = null;
    for (const n of sizes) {
      const p = buildProblem({ problem: 'linear_landau', nx: n, nv: n });
      // All solvers at the step the low-rank one may take on this grid (the work per step
      // does not depend on dt: no sub-cycling at these field strengths).
      const dt = Math.min(0.05, 0.9 * lowRankStableDt(p));
      const solvers: KineticStepper[] = [new FullGridSolver(p), new LowRankSolver(p, { integrator: 'conservative', rank }), new LowRankSolver(p, { integrator: 'classic', rank })];
      for (const s of solvers) for (let i = 0; i < 3; i++) s.step(dt); // warm-up: JIT, FFT tables
      const samples: [number[], number[], number[]] = [[], [], []];
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        solvers.forEach((s, i) => samples[i as 0 | 1 | 2].push(timeSteps(s, dt, budget)));
        ratios.push(samples[0][r]! / samples[1][r]!);
      }
      const [full, cons, classic] = samples.map(median) as [number, number, number];
      const speedup = median(ratios);
      const results: BenchResult[] = [
        { bench: `vlasov-fullgrid-${n}`, backend: 'js-f64', value: 1000 / full, unit: 'steps/s', note: `${full.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-conservative-r${rank}-${n}`, backend: 'js-f64', value: 1000 / cons, unit: 'steps/s', note: `${cons.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-classic-r${rank}-${n}`, backend: 'js-f64', value: 1000 / classic, unit: 'steps/s', note: `${classic.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-speedup-${n}`, backend: 'js-f64', value: speedup, unit: '× faster', note: `median of ${rounds} paired rounds: full grid ${full.toFixed(2)} ms vs conservative rank ${rank} ${cons.toFixed(2)} ms per step` },
      ];
      yield* results;
      rows.push(
        [
          String(n).padStart(5),
          full.toFixed(2).padStart(9),
          exponent(full, prev?.full, n, prev?.n).padStart(5),
          cons.toFixed(2).padStart(17),
          exponent(cons, prev?.cons, n, prev?.n).padStart(5),
          classic.toFixed(2).padStart(12),
          exponent(classic, prev?.classic, n, prev?.n).padStart(5),
          `${speedup.toFixed(1)}×`.padStart(10),
        ].join(' '),
      );
      prev = { n, full, cons, classic };
    }
    opts.log(`kinetic scaling (n×n grid, rank ${rank}, ms per step: medians of ${rounds} interleaved rounds; p: exponent of t ∝ n^p from the previous size):\n${rows.join('\n')}`);
  },
};
