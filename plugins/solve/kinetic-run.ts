/**
 * What the two kinetic solve plugins share: the time-step checks, and the loop that streams
 * diagnostics as metric events, reports progress, honours cancellation and turns a NaN/Inf into
 * an error at the `dt` option that names the step (after the diagnostics so far were emitted).
 */
import type { ConfigIssue, PluginContext } from '../../kernel/plugin.js';
import {
  NonFiniteError,
  recordStride,
  simulate,
  type KineticProblem,
  type KineticSolution,
  type KineticStepper,
} from '../../lib/kinetic/index.js';

export interface TimeConfig {
  dt: number;
  t_end: number;
  /** Most records of the time series (and metric events per series) kept. */
  max_records: number;
}

export const timeSchema = {
  dt: { type: 'number', exclusiveMinimum: 0, description: 'time step (units of 1/ω_p)' },
  t_end: { type: 'number', exclusiveMinimum: 0, description: 'final time' },
  max_records: { type: 'integer', minimum: 2, default: 1000, description: 'most diagnostic records (and metric events per series)' },
} as const;

/**
 * Both solvers split transport and field kicks; like Störmer–Verlet on the plasma oscillation
 * they are stable only for ω·dt < 2 (ω_p = 1 in these units, the mode frequency at run time).
 */
export function stableLimit(omega = 1): number {
  return 2 / Math.max(1, Math.abs(omega));
}

export function checkTime(c: TimeConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (c.dt >= stableLimit()) {
    issues.push({ path: ['dt'], message: `dt = ${c.dt} is beyond the stable limit dt·ω_p < 2 of the split plasma oscillation`, hint: `use dt < ${stableLimit()} (0.05 resolves a plasma period with ~125 steps)` });
  }
  if (c.t_end < c.dt) issues.push({ path: ['t_end'], message: `t_end = ${c.t_end} is shorter than one step dt = ${c.dt}` });
  return issues;
}

export async function runKinetic(
  ctx: PluginContext,
  p: KineticProblem,
  c: TimeConfig,
  stepper: KineticStepper & { momentumScale(): number },
  meta: Pick<KineticSolution, 'method' | 'integrator'>,
): Promise<KineticSolution> {
  const limit = stableLimit(p.linear?.omega);
  if (c.dt >= limit) ctx.configError(['dt'], `dt = ${c.dt} is beyond the stable limit ${limit.toPrecision(3)} (2/ω for the mode frequency ω = ${p.linear!.omega.toPrecision(4)})`, `use dt < ${limit.toPrecision(3)}`);
  if (c.dt > 0.25 * limit) ctx.warn(`dt = ${c.dt} is stable (limit ${limit.toPrecision(3)}) but resolves the plasma oscillation coarsely; expect phase errors ~(ω·dt)²/24`);
  const steps = Math.max(1, Math.round(c.t_end / c.dt));
  const recordEvery = recordStride(steps, c.max_records);
  const momentumScale = stepper.momentumScale();
  let lastYield = performance.now();
  try {
    const { series, seconds } = await simulate(stepper, {
      dt: c.dt,
      steps,
      recordEvery,
      onRecord: (n, _t, d) => {
        ctx.metric('electric_energy', d.electricEnergy, n);
        ctx.metric('mass', d.mass, n);
        ctx.metric('momentum', d.momentum, n);
        ctx.metric('total_energy', d.energy, n);
        ctx.metric('l1_norm', d.l1, n);
        ctx.metric('l2_norm', d.l2, n);
        ctx.metric('rank', d.rank, n);
        ctx.progress({ done: n, total: steps, unit: 'step' });
      },
      checkpoint: async () => {
        ctx.throwIfAborted();
        // Let events flush and a cancellation arrive during long runs.
        if (performance.now() - lastYield > 50) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      },
    });
    const secondsPerStep = seconds / steps;
    ctx.metric('seconds_per_step', secondsPerStep);
    ctx.log(`${steps} steps of dt = ${c.dt} in ${seconds.toFixed(2)} s (${(secondsPerStep * 1e3).toFixed(3)} ms/step)`);
    return {
      ...meta,
      label: ctx.stage.name,
      problem: p.problem,
      nx: p.nx,
      nv: p.nv,
      dt: c.dt,
      tEnd: steps * c.dt,
      steps,
      momentumScale,
      linear: p.linear,
      series,
      final: { t: steps * c.dt, rho: Float64Array.from(stepper.rho), E: Float64Array.from(stepper.E), rank: series.rank[series.rank.length - 1]! },
      secondsPerStep,
    };
  } catch (e) {
    if (e instanceof NonFiniteError) {
      ctx.configError(['dt'], `the solution blew up: ${e.message}`, 'reduce dt, or raise the resolution / rank');
    }
    throw e;
  }
}
