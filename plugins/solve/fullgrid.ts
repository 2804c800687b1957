/**
 * `solve fullgrid { dt: 0.05, t_end: 40 }` — the reference Vlasov–Poisson solver on the whole
 * nx×nv grid: Strang splitting with exact Fourier translations in x and v and an FFT Poisson
 * solve. Costs O(nx·nv·log) per step; the low-rank solvers are measured against it.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { FullGridSolver, isPowerOfTwo, type KineticProblem, type KineticSolution } from '../../lib/kinetic/index.js';
import { checkTime, runKinetic, timeSchema, type TimeConfig } from './kinetic-run.js';

export const fullgridPlugin = definePlugin<TimeConfig, KineticSolution>({
  id: 'solve/fullgrid',
  version: '1.1.0',
  kind: 'solve',
  description: 'Full-grid Vlasov–Poisson reference solver (Strang splitting, spectral advection, FFT Poisson)',
  configSchema: {
    type: 'object',
    properties: { ...timeSchema },
    required: ['dt', 't_end'],
    additionalProperties: false,
  },
  inputs: { problem: { type: 'KineticProblem', description: 'initial condition and grid (data vlasov_init)' } },
  output: 'KineticSolution',
  check: checkTime,
  async run(ctx, inputs, c) {
    const p = inputs.problem as KineticProblem;
    if (!isPowerOfTwo(p.nv)) ctx.configError([], `the full-grid solver transforms in v too, so nv must be a power of two (the problem has nv = ${p.nv})`);
    const solution = await runKinetic(ctx, p, c, new FullGridSolver(p), { method: 'fullgrid', integrator: 'strang_spectral' });
    return { output: solution, result: summary(solution) };
  },
  docs: 'Options: `dt`, `t_end`, `max_records` (diagnostics kept, default 1000). Emits electric_energy, mass, momentum, total_energy, l1_norm, l2_norm and rank as metric series. See docs/techniques/vlasov.md.',
});

export function summary(s: KineticSolution): { steps: number; seconds_per_step: number; final_rank: number; final_electric_energy: number } {
  return {
    steps: s.steps,
    seconds_per_step: s.secondsPerStep,
    final_rank: s.final.rank,
    final_electric_energy: s.series.electricEnergy[s.series.electricEnergy.length - 1]!,
  };
}
