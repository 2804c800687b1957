/**
 * Two-way sensitivity: P(target | e) as a function of two parameters θa, θb varied together,
 * each with proportional covariation of its own row:
 *
 *   f(θa, θb) = N(Δa, Δb) / D(Δa, Δb),  N = n0 + n1·Δa + n2·Δb + n3·Δa·Δb  (Δ = θ − θ0; D alike)
 *
 * N and D are bilinear because the joint is linear in each CPT row. n0..n2 and d0..d2 come from
 * the one-way table; the interaction terms n3, d3 need one more forward pass per pair, at a
 * corner far from θ0 (so the division by Δa·Δb loses no precision). Two entries of the same
 * row are not independent under covariation and are not paired.
 */
import { covaryRow } from './covariation.js';
import type { InferenceEngine } from './inference.js';
import type { BayesNet } from './model.js';
import type { IndexedQuery } from './query.js';
import { locateParameter } from './ranking.js';
import type { SensitivityTable } from './sensitivity.js';

export interface TwoWayResult {
  /** Global parameter indices (into the sensitivity table). */
  a: number;
  b: number;
  /** [n0, n1, n2, n3] and [d0, d1, d2, d3] in Δ coordinates, scaled so that d0 = 1. */
  numerator: [number, number, number, number];
  denominator: [number, number, number, number];
  /** ∂²f/∂θa∂θb at (θa0, θb0). */
  interaction: number;
  /** min and max of f over θa, θb ∈ [0, 1] (f is monotone in each, so at the corners). */
  range: [number, number];
}

export function evaluateTwoWay(r: TwoWayResult, da: number, db: number): number {
  const [n0, n1, n2, n3] = r.numerator;
  const [d0, d1, d2, d3] = r.denominator;
  return (n0 + n1 * da + n2 * db + n3 * da * db) / (d0 + d1 * da + d2 * db + d3 * da * db);
}

export function twoWaySensitivities(engine: InferenceEngine, net: BayesNet, query: IndexedQuery, table: SensitivityTable, params: number[]): TwoWayResult[] {
  const out: TwoWayResult[] = [];
  for (let i = 0; i < params.length; i++) {
    for (let j = i + 1; j < params.length; j++) {
      const r = pair(engine, net, query, table, params[i]!, params[j]!);
      if (r) out.push(r);
    }
  }
  return out;
}

function pair(engine: InferenceEngine, net: BayesNet, query: IndexedQuery, t: SensitivityTable, a: number, b: number): TwoWayResult | undefined {
  const la = locateParameter(net, t.offsets, a);
  const lb = locateParameter(net, t.offsets, b);
  if (la.variable === lb.variable && la.row === lb.row) return undefined;
  const ta = t.theta[a]!;
  const tb = t.theta[b]!;
  const da = ta < 0.5 ? 0.5 : -0.5;
  const db = tb < 0.5 ? 0.5 : -0.5;
  const cpts = net.variables.map((v) => v.cpt);
  for (const [loc, theta] of [[la, ta + da], [lb, tb + db]] as const) {
    const v = net.variables[loc.variable]!;
    if (cpts[loc.variable] === v.cpt) cpts[loc.variable] = v.cpt.slice();
    covaryRow(cpts[loc.variable]!, v.states.length, loc.row, loc.state, theta);
  }
  const joint = engine.forward(cpts);
  let pe = 0;
  for (const x of joint) pe += x;
  const pD = t.evidenceProbability;
  const nCorner = joint[query.targetState]! / pD;
  const dCorner = pe / pD;
  // One-way slopes in the scaled coordinates: c1 = dN/dθ, c3 = dD/dθ; N(0,0) = f0, D(0,0) = 1.
  const n0 = t.probability;
  const n1 = t.c1[a]!;
  const n2 = t.c1[b]!;
  const d1 = t.c3[a]!;
  const d2 = t.c3[b]!;
  const n3 = (nCorner - n0 - n1 * da - n2 * db) / (da * db);
  const d3 = (dCorner - 1 - d1 * da - d2 * db) / (da * db);
  const res: TwoWayResult = {
    a,
    b,
    numerator: [n0, n1, n2, n3],
    denominator: [1, d1, d2, d3],
    interaction: n3 + n1 * d2 - n2 * d1 - n0 * d3 - 2 * d2 * (n1 - n0 * d1),
    range: [0, 0],
  };
  const corners = [0, 1].flatMap((x) => [0, 1].map((y) => evaluateTwoWay(res, x - ta, y - tb)));
  const finite = corners.filter(Number.isFinite); // P(e) may vanish at a corner
  res.range = [Math.min(...finite), Math.max(...finite)];
  return res;
}
