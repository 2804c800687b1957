/**
 * The whole sensitivity analysis of one query, as plain JSON-able data: the one-way ranking,
 * optional admissible regions and optional two-way pairs. This is what `analyze sensitivity`
 * returns; the numerics live in sensitivity.ts and multiway.ts.
 */
import { createEngine } from './inference.js';
import type { BayesNet } from './model.js';
import { twoWaySensitivities } from './multiway.js';
import { resolveQuery, type NamedQuery } from './query.js';
import { describeParameter, parameterLabel, topParameters, type RankingEntry } from './ranking.js';
import { sensitivitiesWith } from './sensitivity.js';

export interface AnalysisOptions {
  top: number;
  threshold?: number;
  multiway?: boolean;
  /** How many of the top parameters are paired in the two-way analysis. */
  multiwayTop?: number;
  maxFactorSize?: number;
}

export interface TwoWayEntry {
  a: string;
  b: string;
  interaction: number;
  range: [number, number];
  numerator: [number, number, number, number];
  denominator: [number, number, number, number];
}

export interface SensitivityReport {
  target: string;
  evidence: Record<string, string>;
  probability: number;
  evidence_probability: number;
  parameters: number;
  /** Parameters of the CPTs that enter the contraction (the others have zero sensitivity). */
  relevant_parameters: number;
  elimination: { heuristic: string; largest_factor: number; steps: number };
  ranking: RankingEntry[];
  two_way?: TwoWayEntry[];
}

export function analyzeSensitivity(net: BayesNet, named: NamedQuery, o: AnalysisOptions): SensitivityReport {
  const query = resolveQuery(net, named);
  const engine = createEngine(net, query, { maxFactorSize: o.maxFactorSize });
  const table = sensitivitiesWith(engine, net, query);
  const top = topParameters(table, o.top);
  const ranking = top.map((k) => describeParameter(net, table, k, o.threshold));
  let relevant = 0;
  net.variables.forEach((v, i) => (relevant += engine.plan.relevant[i] ? v.cpt.length : 0));
  const report: SensitivityReport = {
    target: named.target,
    evidence: Object.fromEntries(query.evidence.map(([v, s]) => [net.variables[v]!.name, net.variables[v]!.states[s]!])),
    probability: table.probability,
    evidence_probability: table.evidenceProbability,
    parameters: table.theta.length,
    relevant_parameters: relevant,
    elimination: {
      heuristic: engine.plan.order.heuristic,
      largest_factor: Math.max(1, ...engine.plan.intermediateSizes),
      steps: engine.plan.steps.length,
    },
    ranking,
  };
  if (o.multiway) {
    const m = Math.min(o.multiwayTop ?? 5, top.length);
    const byIndex = new Map(top.map((k, i) => [k, ranking[i]!]));
    report.two_way = twoWaySensitivities(engine, net, query, table, top.slice(0, m))
      .map((r) => ({
        a: parameterLabel(byIndex.get(r.a)!),
        b: parameterLabel(byIndex.get(r.b)!),
        interaction: r.interaction,
        range: r.range,
        numerator: r.numerator,
        denominator: r.denominator,
      }))
      .sort((x, y) => Math.abs(y.interaction) - Math.abs(x.interaction));
  }
  return report;
}
