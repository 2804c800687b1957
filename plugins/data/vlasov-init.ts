/**
 * `data vlasov_init { problem: linear_landau, k: 0.5, alpha: 0.01, nx: 128, nv: 256 }` — the
 * initial condition f = (1 + α·cos kx)·f_eq(v) of a standard 1D1V benchmark on a periodic
 * x ∈ [0, length) and v ∈ [−vmax, vmax], with the linear theory (ω, γ) of the mode k.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import {
  buildProblem,
  equilibrium,
  fitsWavelengths,
  isPowerOfTwo,
  maxwellians,
  PROBLEM_DEFAULTS,
  type KineticProblem,
  type ProblemOptions,
} from '../../lib/kinetic/index.js';

export type VlasovInitConfig = ProblemOptions & { nx: number; nv: number };

export const vlasovInitPlugin = definePlugin<VlasovInitConfig, KineticProblem>({
  id: 'data/vlasov_init',
  version: '1.0.0',
  kind: 'data',
  description: 'Initial conditions for 1D1V Vlasov–Poisson: Landau damping, two-stream, bump-on-tail',
  configSchema: {
    type: 'object',
    properties: {
      problem: { enum: ['linear_landau', 'nonlinear_landau', 'two_stream', 'bump_on_tail'] },
      k: { type: 'number', exclusiveMinimum: 0, description: 'perturbation wavenumber (default per problem)' },
      alpha: { type: 'number', description: 'perturbation amplitude (default per problem)' },
      nx: { type: 'integer', minimum: 2, default: 64 },
      nv: { type: 'integer', minimum: 8, default: 128 },
      vmax: { type: 'number', exclusiveMinimum: 0, description: 'v ∈ [−vmax, vmax] (default per problem)' },
      length: { type: 'number', exclusiveMinimum: 0, description: 'x ∈ [0, length), a multiple of 2π/k (default 2π/k)' },
      v0: { type: 'number', exclusiveMinimum: 0, description: 'two_stream: beam velocities ±v0 (default 2.4)' },
      vt: { type: 'number', exclusiveMinimum: 0, description: 'thermal speed (default 1)' },
      nb: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'bump_on_tail: bump density (default 0.1)' },
      vb: { type: 'number', description: 'bump_on_tail: bump drift (default 4.5)' },
      vtb: { type: 'number', exclusiveMinimum: 0, description: 'bump_on_tail: bump thermal speed (default 0.5)' },
    },
    required: ['problem'],
    additionalProperties: false,
  },
  inputs: {},
  output: 'KineticProblem',
  cache: false,
  check(c) {
    const issues: ConfigIssue[] = [];
    const d = PROBLEM_DEFAULTS[c.problem];
    const k = c.k ?? d.k;
    if (!isPowerOfTwo(c.nx)) issues.push({ path: ['nx'], message: `nx = ${c.nx} must be a power of two (the x direction is transformed by FFT)` });
    if (c.length !== undefined && !fitsWavelengths(c.length, k)) {
      const n = Math.max(1, Math.round((c.length * k) / (2 * Math.PI)));
      issues.push({ path: ['length'], message: `length = ${c.length} is not a multiple of the wavelength 2π/k = ${((2 * Math.PI) / k).toPrecision(6)}, so cos(kx) is not periodic`, hint: `use length: ${((2 * Math.PI * n) / k).toPrecision(10)}` });
    }
    const alpha = c.alpha ?? d.alpha;
    if (Math.abs(alpha) >= 1) issues.push({ path: ['alpha'], message: `|alpha| = ${Math.abs(alpha)} makes f negative somewhere; use |alpha| < 1` });
    const vmax = c.vmax ?? d.vmax;
    const edge = maxwellians(equilibrium(c), Float64Array.of(-vmax, vmax));
    const peak = Math.max(...maxwellians(equilibrium(c), Float64Array.from({ length: 401 }, (_, i) => -vmax + (2 * vmax * i) / 400)));
    if (Math.max(edge[0]!, edge[1]!) > 1e-6 * peak) {
      issues.push({ path: ['vmax'], message: `vmax = ${vmax} cuts the equilibrium off at ${(Math.max(edge[0]!, edge[1]!) / peak).toExponential(1)} of its peak; the boundary would leak mass`, hint: 'raise vmax until f0(±vmax) < 1e-6·max f0' });
    }
    return issues;
  },
  async run(ctx, _inputs, c) {
    const p = buildProblem(c);
    if (p.linear) ctx.log(`${p.problem}: k = ${p.k}, α = ${p.alpha}, x ∈ [0, ${p.L.toPrecision(5)}), v ∈ [−${p.vmax}, ${p.vmax}], ${p.nx}×${p.nv}; linear theory ω = ${p.linear.omega.toFixed(4)} ${p.linear.gamma < 0 ? '−' : '+'} ${Math.abs(p.linear.gamma).toFixed(4)}i`);
    if (p.linear) {
      ctx.metric('linear_omega', p.linear.omega);
      ctx.metric('linear_rate', p.linear.gamma);
    }
    return { output: p, result: { problem: p.problem, k: p.k, alpha: p.alpha, length: p.L, nx: p.nx, nv: p.nv, vmax: p.vmax, linear_omega: p.linear?.omega ?? null, linear_rate: p.linear?.gamma ?? null } };
  },
  docs: 'Defaults: linear_landau k = 0.5, α = 0.01, vmax = 6; nonlinear_landau α = 0.5; two_stream k = 0.2, α = 1e-3, v0 = 2.4, vmax = 8; bump_on_tail k = 0.3, α = 0.04, nb = 0.1, vb = 4.5, vtb = 0.5, vmax = 9. The x domain is one wavelength unless `length` says otherwise. See docs/techniques/vlasov.md.',
});
