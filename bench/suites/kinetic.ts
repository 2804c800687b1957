/**
 * Vlasov–Poisson cost per step: full grid (Strang, Fourier translations; O(n²·log n) on an n×n
 * grid) against conservative and classic dynamical low rank at rank 10 (O(n·r²)), on linear
 * Landau damping, for n = 64 … 1024. float64 typed arrays, independent of the tensor backend:
 * measured once, in the wasm pass. Prints a scaling table: time per step, the exponent p of
 * t ∝ n^p between neighbouring sizes (≈ 2 expected for the full grid, ≈ 1 for low rank once
 * its O(r³) part is amortised) and the speed-ups.
 *
 * The conservative integrator runs twice: with Lawson RK4 sub-steps everywhere (`rk4`, the
 * default) and with `rk2_bases` (Lawson–Heun for the K- and L-steps, RK4 for the Galerkin
 * step), which docs/techniques/vlasov.md shows to be as accurate in every check.
 *
 * The solvers are timed in interleaved rounds (full, conservative rk4, conservative rk2_bases,
 * classic, full, …) and each speed-up is the median of the per-round ratios: on a shared
 * machine a burst of load then slows both sides of a ratio alike instead of one of them.
 *
 *   vlasov-fullgrid-N            steps/s of the full-grid solver
 *   vlasov-dlr-{conservative,classic}-r10-N   steps/s of the low-rank solver (rk4 sub-steps)
 *   vlasov-dlr-conservative-rk2_bases-r10-N   steps/s with rk2_bases sub-steps
 *   vlasov-dlr-speedup-N         full-grid time / conservative (rk4) low-rank time per step
 *   vlasov-dlr-speedup-rk2_bases-N   the same for rk2_bases
 */
import { buildProblem, FullGridSolver, LowRankSolver, lowRankStableDt, type KineticStepper } from '../../lib/kinetic/index.js';
import { median } from '../measure.js';
import type { BenchResult, BenchSuite } from '../types.js';

/**
 * Milliseconds per step over at least `budgetMs` of stepping: wall clock, and the process's CPU
 * time (user + system). On a machine shared with other jobs the wall clock also counts the time
 * the process waited for a core; the CPU time does not, and stays close to what a quiet machine
 * shows on the wall clock (it does include V8's GC helper threads, a real cost of either solver).
 */
function timeSteps(s: KineticStepper, dt: number, budgetMs: number): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let k = 0;
  do {
    s.step(dt);
    k++;
  } while (performance.now() - t0 < budgetMs);
  const wall = (performance.now() - t0) / k;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 / k };
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
    const rows: string[] = ['    n   full ms     p   cons rk4 ms     p   cons rk2_bases ms     p   classic ms     p   speed-up rk4 (cpu)   rk2_bases (cpu)'];
    let prev: { n: number; t: number[] } | null = null;
    for (const n of sizes) {
      const p = buildProblem({ problem: 'linear_landau', nx: n, nv: n });
      // All solvers at the step the low-rank one may take on this grid (the work per step
      // does not depend on dt: no sub-cycling at these field strengths).
      const dt = Math.min(0.05, 0.9 * lowRankStableDt(p));
      const solvers: KineticStepper[] = [
        new FullGridSolver(p),
        new LowRankSolver(p, { integrator: 'conservative', rank }),
        new LowRankSolver(p, { integrator: 'conservative', rank, substeps: 'rk2_bases' }),
        new LowRankSolver(p, { integrator: 'classic', rank }),
      ];
      for (const s of solvers) for (let i = 0; i < 3; i++) s.step(dt); // warm-up: JIT, FFT tables
      const samples: number[][] = solvers.map(() => []);
      // per round: full/conservative rk4 and full/rk2_bases, by wall clock and by CPU time
      const ratios: number[][] = [[], [], [], []];
      for (let r = 0; r < rounds; r++) {
        const round = solvers.map((s) => timeSteps(s, dt, budget));
        round.forEach((x, i) => samples[i]!.push(x.wall));
        ratios[0]!.push(round[0]!.wall / round[1]!.wall);
        ratios[1]!.push(round[0]!.wall / round[2]!.wall);
        ratios[2]!.push(round[0]!.cpu / round[1]!.cpu);
        ratios[3]!.push(round[0]!.cpu / round[2]!.cpu);
      }
      const t = samples.map(median);
      const [full, cons, fast, classic] = t as [number, number, number, number];
      const [speedup, speedupFast, speedupCpu, speedupFastCpu] = ratios.map(median) as [number, number, number, number];
      const results: BenchResult[] = [
        { bench: `vlasov-fullgrid-${n}`, backend: 'js-f64', value: 1000 / full, unit: 'steps/s', note: `${full.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-conservative-r${rank}-${n}`, backend: 'js-f64', value: 1000 / cons, unit: 'steps/s', note: `${cons.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-conservative-rk2_bases-r${rank}-${n}`, backend: 'js-f64', value: 1000 / fast, unit: 'steps/s', note: `${fast.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-classic-r${rank}-${n}`, backend: 'js-f64', value: 1000 / classic, unit: 'steps/s', note: `${classic.toFixed(2)} ms/step` },
        { bench: `vlasov-dlr-speedup-${n}`, backend: 'js-f64', value: speedup, unit: '× faster', note: `median of ${rounds} paired rounds: full grid ${full.toFixed(2)} ms vs conservative rank ${rank} (rk4) ${cons.toFixed(2)} ms per step (by CPU time: ${speedupCpu.toFixed(2)}×)` },
        { bench: `vlasov-dlr-speedup-rk2_bases-${n}`, backend: 'js-f64', value: speedupFast, unit: '× faster', note: `median of ${rounds} paired rounds: full grid ${full.toFixed(2)} ms vs conservative rank ${rank} (rk2_bases) ${fast.toFixed(2)} ms per step (by CPU time: ${speedupFastCpu.toFixed(2)}×)` },
      ];
      yield* results;
      const cell = (k: number, width: number): string => t[k]!.toFixed(2).padStart(width) + exponent(t[k]!, prev?.t[k], n, prev?.n).padStart(6);
      const both = (w: number, c: number): string => `${w.toFixed(1)}× (${c.toFixed(1)}×)`;
      rows.push([String(n).padStart(5), cell(0, 9), cell(1, 13), cell(2, 19), cell(3, 12), both(speedup, speedupCpu).padStart(14), both(speedupFast, speedupFastCpu).padStart(13)].join(' '));
      prev = { n, t };
    }
    opts.log(`kinetic scaling (n×n grid, rank ${rank}, wall ms per step: medians of ${rounds} interleaved rounds; p: exponent of t ∝ n^p from the previous size; speed-ups: medians of the per-round ratios, by wall clock and (in parentheses) by process CPU time):\n${rows.join('\n')}`);
  },
};
