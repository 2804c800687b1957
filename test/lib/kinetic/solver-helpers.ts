/** Runs a solver on a problem and returns what the tests check: fitted rate and errors. */
import {
  buildProblem,
  FullGridSolver,
  LowRankSolver,
  fieldAmplitude,
  fitFieldRate,
  relativeErrors,
  simulate,
  type KineticSeries,
  type ProblemOptions,
  type SubstepChoice,
} from '../../../lib/kinetic/index.js';

export interface RunOutcome {
  series: KineticSeries;
  rate: number;
  mass: number;
  momentum: number;
  energy: number;
  linearRate: number;
}

export async function runCase(
  problem: ProblemOptions,
  solver: 'full' | 'classic' | 'conservative',
  o: { rank?: number; tol?: number; substeps?: SubstepChoice; dt: number; tEnd: number; window: [number, number] },
): Promise<RunOutcome> {
  const p = buildProblem(problem);
  const s = solver === 'full' ? new FullGridSolver(p) : new LowRankSolver(p, { integrator: solver, rank: o.rank ?? 10, tol: o.tol, substeps: o.substeps });
  const scale = s.momentumScale();
  const { series } = await simulate(s, { dt: o.dt, steps: Math.round(o.tEnd / o.dt), recordEvery: 1 });
  const fit = fitFieldRate(series.t, fieldAmplitude(series.electricEnergy), o.window[0], o.window[1]);
  const e = relativeErrors(series, scale);
  return { series, rate: fit.rate, mass: e.mass, momentum: e.momentum, energy: e.energy, linearRate: p.linear!.gamma };
}
