/**
 * One-way sensitivity of P(target | evidence) to every CPT entry, YODO-style: one forward
 * contraction and one two-channel backward pass give ∂P(y,e)/∂θ and ∂P(e)/∂θ for all θ; the
 * sensitivity-function coefficients, derivative, sensitivity value and vertex proximity of each
 * parameter then follow in closed form (Ballester-Ripoll & Leonelli, "You Only Derive Once", 2022).
 *
 * Results are structure-of-arrays over the parameters in network order (variable by variable,
 * each CPT in its documented layout); `offsets[v]` is where variable v's CPT starts.
 */
import { covariedSlopes } from './covariation.js';
import { createEngine, normalizeJoint, type InferenceEngine } from './inference.js';
import type { PlanOptions } from './contraction-plan.js';
import type { BayesNet } from './model.js';
import type { IndexedQuery } from './query.js';

export interface SensitivityTable {
  /** P(target = state | evidence) at the network's parameters. */
  probability: number;
  evidenceProbability: number;
  offsets: Int32Array;
  theta: Float64Array;
  c1: Float64Array;
  c2: Float64Array;
  c3: Float64Array;
  c4: Float64Array;
  /** f'(θ0) under proportional covariation. */
  derivative: Float64Array;
  /** |f'(θ0)|. */
  sensitivityValue: Float64Array;
  /** |θ0 − vertex|; NaN where f is linear in θ (no vertex). */
  vertexProximity: Float64Array;
}

export function allSensitivities(net: BayesNet, query: IndexedQuery, opts: PlanOptions = {}): SensitivityTable {
  return sensitivitiesWith(createEngine(net, query, opts), net, query);
}

/**
 * The same on a prepared engine. Benchmarks and repeated analyses pass the previous table as
 * `reuse`, so its arrays are overwritten instead of allocated again (pathfinder: 9 × 98k doubles).
 */
export function sensitivitiesWith(engine: InferenceEngine, net: BayesNet, query: IndexedQuery, reuse?: SensitivityTable): SensitivityTable {
  const joint = engine.forward();
  const { posterior, evidenceProbability: pD } = normalizeJoint(net, query, joint);
  const pN = joint[query.targetState]!;
  const seedA = new Float64Array(joint.length);
  seedA[query.targetState] = 1;
  // Without evidence P(e) ≡ 1 whatever θ is, so its slopes are zero: skip that channel.
  const seedB = query.evidence.length ? new Float64Array(joint.length).fill(1) : undefined;
  const { gradA, gradB } = engine.backward(seedA, seedB);

  const t = reuse && reuse.offsets.length === net.variables.length + 1 ? reuse : emptyTable(net);
  t.probability = posterior[query.targetState]!;
  t.evidenceProbability = pD;
  const f0 = pN / pD;
  // A plain loop, not forEach: closure-captured mutable buffers measured several times slower.
  const maxLen = net.variables.reduce((m, v) => Math.max(m, v.cpt.length), 0);
  const slopeN = new Float64Array(maxLen);
  const slopeD = new Float64Array(maxLen);
  for (let vi = 0; vi < net.variables.length; vi++) {
    const v = net.variables[vi]!;
    const cpt = v.cpt;
    const n = cpt.length;
    const card = v.states.length;
    const base = t.offsets[vi]!;
    t.theta.set(cpt, base);
    slopeN.fill(0, 0, n);
    slopeD.fill(0, 0, n);
    if (card > 1 && engine.plan.relevant[vi]) {
      for (let r = 0; r < n / card; r++) {
        covariedSlopes(cpt, gradA[vi]!, card, r, slopeN);
        if (gradB) covariedSlopes(cpt, gradB[vi]!, card, r, slopeD);
      }
    }
    for (let j = 0; j < n; j++) {
      const th = cpt[j]!;
      const c1 = slopeN[j]! / pD;
      const c3 = slopeD[j]! / pD;
      const c2 = f0 - c1 * th;
      const c4 = 1 - c3 * th;
      const k = base + j;
      t.c1[k] = c1;
      t.c2[k] = c2;
      t.c3[k] = c3;
      t.c4[k] = c4;
      const d = c1 * c4 - c2 * c3; // the denominator c3·θ0 + c4 is 1 by scaling
      t.derivative[k] = d;
      t.sensitivityValue[k] = Math.abs(d);
      // vertexProximity() inlined: this loop runs once per parameter (98k on pathfinder).
      if (c3 === 0) t.vertexProximity[k] = NaN;
      else {
        const s = -c4 / c3;
        const root = Math.sqrt(Math.abs(-d / (c3 * c3)));
        t.vertexProximity[k] = Math.abs(th - (s < 0 ? s + root : s - root));
      }
    }
  }
  return t;
}

function emptyTable(net: BayesNet): SensitivityTable {
  const offsets = new Int32Array(net.variables.length + 1);
  net.variables.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.cpt.length));
  const P = offsets[net.variables.length]!;
  const arr = () => new Float64Array(P);
  return {
    probability: NaN,
    evidenceProbability: NaN,
    offsets,
    theta: arr(),
    c1: arr(),
    c2: arr(),
    c3: arr(),
    c4: arr(),
    derivative: arr(),
    sensitivityValue: arr(),
    vertexProximity: arr(),
  };
}
