/**
 * `analyze sensitivity { target: "dysp=yes", evidence: { xray: yes }, top: 10 }` — YODO
 * sensitivity analysis of P(target | evidence) to every CPT entry of a BayesNet: one inference
 * and one backward pass, then the ranking, admissible regions and (optionally) two-way pairs.
 */
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { probability } from '../../kernel/schema.js';
import {
  analyzeSensitivity,
  BayesQueryError,
  DEFAULT_MAX_FACTOR_SIZE,
  parseTarget,
  sensitivityCurves,
  tornadoChart,
  type BayesNet,
  type SensitivityReport,
} from '../../lib/bayesnet/index.js';

export interface SensitivityConfig {
  target: string;
  evidence: Record<string, string | number | boolean>;
  top: number;
  threshold?: number;
  multiway: boolean;
  multiway_top: number;
  max_factor_size: number;
}

export const sensitivityPlugin = definePlugin<SensitivityConfig, SensitivityReport>({
  id: 'analyze/sensitivity',
  version: '1.0.0',
  kind: 'analyze',
  description: 'Sensitivity of P(target | evidence) to every CPT parameter (YODO: autodiff through exact inference)',
  configSchema: {
    type: 'object',
    properties: {
      target: { type: 'string', minLength: 3 },
      evidence: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, default: {} },
      top: { type: 'integer', minimum: 1, default: 10 },
      threshold: probability,
      multiway: { type: 'boolean', default: false },
      multiway_top: { type: 'integer', minimum: 2, maximum: 50, default: 5 },
      max_factor_size: { type: 'number', exclusiveMinimum: 0, default: DEFAULT_MAX_FACTOR_SIZE },
    },
    required: ['target'],
    additionalProperties: false,
  },
  inputs: { net: { type: 'BayesNet', description: 'the network to analyse' } },
  output: 'Sensitivity',
  check: (c) => (parseTarget(c.target) ? [] : [{ path: ['target'], message: `target '${c.target}' is not of the form VARIABLE=STATE` }]),
  async run(ctx, inputs, c) {
    const net = inputs.net as BayesNet;
    const t0 = performance.now();
    let report: SensitivityReport;
    try {
      report = analyzeSensitivity(net, { target: c.target, evidence: c.evidence }, {
        top: c.top,
        threshold: c.threshold,
        multiway: c.multiway,
        multiwayTop: c.multiway_top,
        maxFactorSize: c.max_factor_size,
      });
    } catch (e) {
      if (e instanceof BayesQueryError) ctx.configError(e.path, e.detail, e.hint);
      throw e;
    }
    const ms = performance.now() - t0;
    ctx.log(`P(${c.target} | evidence) = ${report.probability.toPrecision(6)}; ${report.parameters} parameters (${report.relevant_parameters} relevant) in ${ms.toFixed(1)} ms`);
    ctx.metric('probability', report.probability);
    ctx.metric('evidence_probability', report.evidence_probability);
    ctx.metric('max_sensitivity_value', report.ranking[0]?.sensitivity_value ?? 0);
    if (report.ranking.length) {
      ctx.figure(`Most sensitive parameters of P(${c.target} | e)`, tornadoChart(report.ranking, c.target));
      ctx.figure(`Sensitivity functions of P(${c.target} | e)`, sensitivityCurves(report.ranking, c.target, c.threshold));
    }
    // A JSON round trip: the report is plain data, and this proves it to the type checker too.
    return { output: report, result: JSON.parse(JSON.stringify(report)) as JsonValue };
  },
  docs: 'For every CPT entry θ, under proportional covariation of its row: the derivative of P(target | evidence), the sensitivity function coefficients f(θ) = (c1·θ + c2)/(c3·θ + c4) (scaled so that c3·θ0 + c4 = 1), the sensitivity value |f\'(θ0)| and the vertex proximity; the admissible θ interval for `threshold`; the `top` ranking; with `multiway: true`, two-way analyses of the first `multiway_top` parameters. `max_factor_size` bounds the largest intermediate factor of the elimination. See docs/techniques/yodo.md.',
});
