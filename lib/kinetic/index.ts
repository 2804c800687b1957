/**
 * Kinetic solvers for 1D1V Vlasov–Poisson in float64 (no tensors): initial conditions and linear
 * theory, a full-grid Strang/Fourier reference solver, dynamical low-rank solvers (classic and
 * conservative BUG), the shared time loop with diagnostics, and the field-rate fit.
 */
export type { KineticProblem, KineticSolution, KineticSeries, ProblemName, MaxwellianComponent } from './types.js';
export { buildProblem, assemble, equilibrium, maxwellians, fitsWavelengths, PROBLEM_DEFAULTS, type ProblemOptions } from './problems.js';
export { makeGrid, isPowerOfTwo, type PhaseGrid } from './grid.js';
export { PeriodicSpectral } from './spectral.js';
export { PoissonSolver, electricEnergy } from './poisson.js';
export { FullGridSolver } from './fullgrid.js';
export type { SubstepScheme } from './lawson.js';
export { substepSchemes, type SubstepChoice } from './lowrank.js';
export { LowRankSolver, CONSERVED, lowRankStableDt, lowRankResonanceDt, type Integrator, type LowRankOptions } from './lowrank.js';
export { simulate, recordStride, sliceSeries, NonFiniteError, type Diagnostics, type KineticStepper, type SimulateOptions } from './simulate.js';
export { fitFieldRate, fieldAmplitude, lineFit, type RateFit } from './rate-fit.js';
export { dielectric, dominantMode, faddeeva, plasmaZ, findRoot, type Complex } from './dispersion.js';
export { relativeErrors, type ConservationErrors } from './errors.js';
export { energyFigure, conservationFigure, type FigureRun } from './figures.js';
export { curveDeviation } from './compare.js';
