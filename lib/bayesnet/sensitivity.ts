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
import { vertexProximity } from './sensitivity-function.js';

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

/** The same on a prepared engine (benchmarks reuse its buffers across repetitions). */
export function sensitivitiesWith(engine: InferenceEngine, net: BayesNet, query: IndexedQuery): SensitivityTable {
  const joint = engine.forward();
  const { posterior, evidenceProbability: pD } = normalizeJoint(net, query, joint);
  const pN = joint[query.targetState]!;
  const seedA = new Float64Array(joint.length);
  seedA[query.targetState] = 1;
  // Without evidence P(e) ≡ 1 whatever θ is, so its slopes are zero: skip that channel.
  const seedB = query.evidence.length ? new Float64Array(joint.length).fill(1) : undefined;
  const { gradA, gradB } = engine.backward(seedA, seedB);

  const offsets = new Int32Array(net.variables.length + 1);
  net.variables.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.cpt.length));
  const P = offsets[net.variables.length]!;
  const t: SensitivityTable = {
    probability: posterior[query.targetState]!,
    evidenceProbability: pD,
    offsets,
    theta: new Float64Array(P),
    c1: new Float64Array(P),
    c2: new Float64Array(P),
    c3: new Float64Array(P),
    c4: new Float64Array(P),
    derivative: new Float64Array(P),
    sensitivityValue: new Float64Array(P),
    vertexProximity: new Float64Array(P),
  };
  let slopeN = new Float64Array(0);
  let slopeD = new Float64Array(0);
  net.variables.forEach((v, vi) => {
    const cpt = v.cpt;
    const card = v.states.length;
    const base = offsets[vi]!;
    t.theta.set(cpt, base);
    if (slopeN.length < cpt.length) {
      slopeN = new Float64Array(cpt.length);
      slopeD = new Float64Array(cpt.length);
    }
    slopeN.fill(0, 0, cpt.length);
    slopeD.fill(0, 0, cpt.length);
    if (card > 1 && engine.plan.relevant[vi]) {
      for (let r = 0; r < cpt.length / card; r++) {
        covariedSlopes(cpt, gradA[vi]!, card, r, slopeN);
        if (gradB) covariedSlopes(cpt, gradB[vi]!, card, r, slopeD);
      }
    }
    for (let j = 0; j < cpt.length; j++) {
      const th = cpt[j]!;
      const c1 = slopeN[j]! / pD;
      const c3 = slopeD[j]! / pD;
      const c2 = pN / pD - c1 * th;
      const c4 = 1 - c3 * th;
      const k = base + j;
      t.c1[k] = c1;
      t.c2[k] = c2;
      t.c3[k] = c3;
      t.c4[k] = c4;
      const d = c1 * c4 - c2 * c3; // the denominator c3·θ0 + c4 is 1 by scaling
      t.derivative[k] = d;
      t.sensitivityValue[k] = Math.abs(d);
      t.vertexProximity[k] = vertexProximity({ c1, c2, c3, c4 }, th) ?? NaN;
    }
  });
  return t;
}
