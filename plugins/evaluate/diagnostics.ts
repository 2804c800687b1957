/**
 * `evaluate diagnostics { fit_window: 5..35 }` — from one or more KineticSolutions: the
 * exponential rate of |E| over the window (line through log of its local maxima), the largest
 * relative mass / momentum / energy errors, and the report figures (electric energy on a log
 * axis with the linear-theory rate, conservation errors). With several solutions (`from a, b`)
 * each metric is suffixed with the solution's stage name, and the electric-energy curves are
 * compared with the first one.
 */
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { rangeSchema } from '../../kernel/schema.js';
import type { RangeJs } from '../../dsl/values.js';
import {
  conservationFigure,
  curveDeviation,
  energyFigure,
  fieldAmplitude,
  fitFieldRate,
  relativeErrors,
  type KineticSolution,
} from '../../lib/kinetic/index.js';


export interface DiagnosticsConfig {
  fit_window: RangeJs;
}

export interface RunDiagnostics {
  label: string;
  field_rate: number;
  linear_rate: number | null;
  rate_error: number | null;
  mass_error: number;
  momentum_error: number;
  energy_error: number;
  seconds_per_step: number;
  /** Largest |log10 W − log10 W_ref| against the first solution (decades), when compared. */
  curve_deviation?: number;
}

export const diagnosticsPlugin = definePlugin<DiagnosticsConfig, { runs: RunDiagnostics[] }>({
  id: 'evaluate/diagnostics',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Field damping/growth rate and conservation errors of kinetic solutions, with report figures',
  configSchema: {
    type: 'object',
    properties: { fit_window: { ...rangeSchema(), default: { $kind: 'range', from: 5, to: 35 } } },
    additionalProperties: false,
  },
  inputs: { solutions: { type: 'KineticSolution', multiple: true, description: 'one or more solver outputs' } },
  output: 'KineticDiagnostics',
  check(c) {
    const { from, to } = c.fit_window as { from: number; to: number };
    return from >= 0 && to > from ? [] : [{ path: ['fit_window'], message: `fit_window ${from}..${to} must be an increasing range of times ≥ 0` }];
  },
  async run(ctx, inputs, c) {
    const sols = ([] as KineticSolution[]).concat(inputs.solutions as KineticSolution[] | KineticSolution);
    const from = c.fit_window.from as number;
    const to = c.fit_window.to as number;
    const runs: RunDiagnostics[] = [];
    const figureRuns = [];
    for (const s of sols) {
      const t = s.series.t;
      if (t[t.length - 1]! < to) ctx.configError(['fit_window'], `the fit window ends at t = ${to}, but '${s.label}' stops at t = ${t[t.length - 1]}`, `use t_end ≥ ${to} or a shorter window`);
      const fit = fitFieldRate(t, fieldAmplitude(s.series.electricEnergy), from, to);
      const errors = relativeErrors(s.series, s.momentumScale);
      const gamma = s.linear?.gamma ?? null;
      runs.push({
        label: s.label,
        field_rate: fit.rate,
        linear_rate: gamma,
        rate_error: gamma === null ? null : Math.abs(fit.rate - gamma) / Math.abs(gamma),
        mass_error: errors.mass,
        momentum_error: errors.momentum,
        energy_error: errors.energy,
        seconds_per_step: s.secondsPerStep,
        ...(runs.length ? { curve_deviation: curveDeviation(sols[0]!.series, s.series) } : {}),
      });
      figureRuns.push({ label: s.label, series: s.series, fit, errors });
      ctx.log(`${s.label}: |E| rate ${fit.rate.toFixed(5)} over ${from}..${to} from ${fit.points} ${fit.usedMaxima ? 'local maxima' : 'samples'}${gamma === null ? '' : ` (linear theory ${gamma.toFixed(5)})`}`);
    }
    const suffix = (name: string, r: RunDiagnostics): string => (runs.length > 1 ? `${name}.${r.label}` : name);
    for (const r of runs) {
      ctx.metric(suffix('field_rate', r), r.field_rate);
      if (r.rate_error !== null) ctx.metric(suffix('rate_error', r), r.rate_error);
      ctx.metric(suffix('mass_error', r), r.mass_error);
      ctx.metric(suffix('momentum_error', r), r.momentum_error);
      ctx.metric(suffix('energy_error', r), r.energy_error);
      if (r.curve_deviation !== undefined) ctx.metric(suffix('curve_deviation', r), r.curve_deviation);
    }
    ctx.figure('Electric energy', energyFigure(figureRuns, sols[0]!.linear, [from, to]));
    ctx.figure('Conservation errors', conservationFigure(figureRuns));
    return { output: { runs }, result: JSON.parse(JSON.stringify({ runs })) as JsonValue };
  },
  docs: 'Metrics: field_rate (fitted d log|E|/dt: negative for damping), rate_error (relative to linear theory), mass_error, momentum_error, energy_error (largest relative deviations; momentum relative to Σ|v|f at t = 0), and with several inputs curve_deviation (largest log10 distance of the electric-energy curve from the first input, in decades). See docs/techniques/vlasov.md.',
});
