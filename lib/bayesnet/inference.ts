/**
 * Exact inference and its reverse-mode derivative, over a compiled contraction plan.
 *
 * An engine owns its intermediate and adjoint buffers, so repeated forward/backward passes
 * (perturbation loops, benchmarks) allocate nothing.
 */
import { compilePlan, type ContractionPlan, type PlanOptions } from './contraction-plan.js';
import { backwardStep, forwardStep } from './contraction-kernels.js';
import { zeroEvidenceError } from './errors.js';
import type { BayesNet } from './model.js';
import { describeEvidence, type IndexedQuery } from './query.js';

export interface InferenceEngine {
  readonly plan: ContractionPlan;
  /** result[t] = P(target = t, evidence) for the given CPTs (default: the network's). */
  forward(cpts?: Float64Array[]): Float64Array;
  /**
   * ∂(seedA · result)/∂cpt for every CPT entry, and the same for seedB when given, from the
   * values of the last `forward`. Gradients of CPTs outside the plan stay zero. The arrays are
   * the engine's own buffers: valid until the next `backward`.
   */
  backward(seedA: Float64Array, seedB?: Float64Array): { gradA: Float64Array[]; gradB?: Float64Array[] };
}

export function createEngine(net: BayesNet, query: IndexedQuery, opts: PlanOptions = {}): InferenceEngine {
  const plan = compilePlan(net, query, opts);
  const n = plan.nVars;
  const bufs: Float64Array[] = [...net.variables.map((v) => v.cpt), ...plan.intermediateSizes.map((s) => new Float64Array(s))];
  const grads = () => [...net.variables.map((v) => new Float64Array(v.cpt.length)), ...plan.intermediateSizes.map((s) => new Float64Array(s))];
  let adjA: Float64Array[] | undefined;
  let adjB: Float64Array[] | undefined;

  return {
    plan,
    forward(cpts) {
      for (let v = 0; v < n; v++) bufs[v] = cpts ? cpts[v]! : net.variables[v]!.cpt;
      for (const s of plan.steps) forwardStep(s, bufs);
      return bufs[plan.result]!;
    },
    backward(seedA, seedB) {
      adjA ??= grads();
      if (seedB) adjB ??= grads();
      const channels = seedB ? [adjA, adjB!] : [adjA];
      for (const adj of channels) for (const a of adj) a.fill(0);
      adjA[plan.result]!.set(seedA);
      if (seedB) adjB![plan.result]!.set(seedB);
      for (let i = plan.steps.length - 1; i >= 0; i--) backwardStep(plan.steps[i]!, bufs, adjA, seedB ? adjB : undefined);
      return { gradA: adjA.slice(0, n), ...(seedB ? { gradB: adjB!.slice(0, n) } : {}) };
    },
  };
}

export interface Posterior {
  /** P(target = t | evidence) for every state t. */
  posterior: Float64Array;
  /** P(evidence); 1 without evidence. */
  evidenceProbability: number;
}

/** P(target | evidence) by variable elimination; throws on evidence of probability zero. */
export function infer(net: BayesNet, query: IndexedQuery, opts: PlanOptions = {}): Posterior {
  const joint = createEngine(net, query, opts).forward();
  return normalizeJoint(net, query, joint);
}

export function normalizeJoint(net: BayesNet, query: IndexedQuery, joint: Float64Array): Posterior {
  let pe = 0;
  for (const x of joint) pe += x;
  if (!(pe > 0)) throw zeroEvidenceError(describeEvidence(net, query.evidence));
  return { posterior: joint.map((x) => x / pe), evidenceProbability: pe };
}
