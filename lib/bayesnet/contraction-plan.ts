/**
 * Compiles P(target, evidence) into a tape of fused product–sum steps over factor tensors.
 *
 * - Pruning: only ancestors of the target and the evidence matter; the other (barren) CPTs sum
 *   to one and never enter the contraction.
 * - Evidence costs nothing: a CPT is read through a view (base offset + strides) that fixes the
 *   observed axes, so no sliced copy is made and gradients land straight in CPT positions.
 * - Each step multiplies every live factor that mentions the eliminated variable and sums it
 *   out, without materialising the product. The final step multiplies what is left into a
 *   factor over the target's states: result[t] = P(target = t, evidence).
 *
 * Buffers 0..n-1 are the CPTs (by variable index); n.. are intermediates, allocated once.
 */
import { ancestralSet } from './graph.js';
import { chooseEliminationOrder, type EliminationOrder } from './elimination-order.js';
import { factorTooLargeError } from './errors.js';
import { cptStrides, type BayesNet } from './model.js';
import type { IndexedQuery } from './query.js';

export interface ContractionStep {
  /** Buffer written. */
  out: number;
  /** Cardinalities of the output axes, row-major (last fastest). */
  outDims: Int32Array;
  /** Cardinality of the summed variable; 1 for the final, sum-free step. */
  sumCard: number;
  /** Buffers read. */
  inputs: Int32Array;
  /** Base offset of each input view (fixes evidence axes). */
  offsets: Int32Array;
  /** strides[k · nd + d]: step in input k when output axis d advances (0 if k lacks it). */
  strides: Int32Array;
  /** Step in input k when the summed variable advances. */
  sumStrides: Int32Array;
  /** The eliminated variable (-1 for the final step); for diagnostics and reference exports. */
  sumVar: number;
  outVars: number[];
}

export interface ContractionPlan {
  /** Number of CPT buffers (= variables in the network). */
  nVars: number;
  /** Sizes of buffers nVars.. (intermediates). */
  intermediateSizes: number[];
  steps: ContractionStep[];
  /** Buffer of the result factor over the target's states. */
  result: number;
  target: number;
  /** 1 for variables whose CPT enters the contraction. */
  relevant: Uint8Array;
  order: EliminationOrder;
}

interface LiveFactor {
  buf: number;
  offset: number;
  vars: number[];
  strides: Map<number, number>;
}

export interface PlanOptions {
  /** Refuse plans whose largest intermediate factor has more entries than this. */
  maxFactorSize?: number;
  /** Extra randomised greedy orders tried (seeded); the cheapest order is kept. */
  orderTrials?: number;
}

export const DEFAULT_ORDER_TRIALS = 8;

export const DEFAULT_MAX_FACTOR_SIZE = 1e7;

export function compilePlan(net: BayesNet, query: IndexedQuery, opts: PlanOptions = {}): ContractionPlan {
  const n = net.variables.length;
  const cards = net.variables.map((v) => v.states.length);
  const observed = new Map(query.evidence);
  const relevant = ancestralSet(
    net.variables.map((v) => v.parents),
    [query.target, ...observed.keys()],
  );

  let live: LiveFactor[] = [];
  for (let v = 0; v < n; v++) if (relevant[v]) live.push(cptView(net, v, observed));

  const eliminate: number[] = [];
  for (let v = 0; v < n; v++) if (relevant[v] && v !== query.target && !observed.has(v)) eliminate.push(v);
  const order = chooseEliminationOrder(live.map((f) => f.vars), cards, eliminate, opts.orderTrials ?? DEFAULT_ORDER_TRIALS);
  const limit = opts.maxFactorSize ?? DEFAULT_MAX_FACTOR_SIZE;
  if (order.maxFactor > limit) {
    throw factorTooLargeError(order.maxFactor, limit, order.maxFactorVars.map((v) => net.variables[v]!.name));
  }

  const rank = new Map<number, number>(order.order.map((v, i) => [v, i]));
  rank.set(query.target, Infinity);
  const intermediateSizes: number[] = [];
  const steps: ContractionStep[] = [];
  const emit = (factors: LiveFactor[], sumVar: number): LiveFactor => {
    const outVars = [...new Set(factors.flatMap((f) => f.vars))].filter((v) => v !== sumVar);
    // Variables eliminated soonest become the fastest axes, where the next steps sum them.
    outVars.sort((a, b) => rank.get(b)! - rank.get(a)!);
    const buf = n + intermediateSizes.length;
    const size = outVars.reduce((s, v) => s * cards[v]!, 1);
    intermediateSizes.push(size);
    steps.push(makeStep(buf, factors, outVars, sumVar, cards));
    const strides = new Map<number, number>();
    let s = 1;
    for (let i = outVars.length - 1; i >= 0; i--) {
      strides.set(outVars[i]!, s);
      s *= cards[outVars[i]!]!;
    }
    return { buf, offset: 0, vars: outVars, strides };
  };

  for (const v of order.order) {
    const using = live.filter((f) => f.strides.has(v));
    live = live.filter((f) => !f.strides.has(v));
    live.push(emit(using, v));
  }
  const final = emit(live, -1);
  return { nVars: n, intermediateSizes, steps, result: final.buf, target: query.target, relevant, order };
}

function cptView(net: BayesNet, v: number, observed: Map<number, number>): LiveFactor {
  const axes = [...net.variables[v]!.parents, v];
  const st = cptStrides(net, v);
  let offset = 0;
  const vars: number[] = [];
  const strides = new Map<number, number>();
  axes.forEach((u, i) => {
    const e = observed.get(u);
    if (e !== undefined) offset += e * st[i]!;
    else {
      vars.push(u);
      strides.set(u, st[i]!);
    }
  });
  return { buf: v, offset, vars, strides };
}

function makeStep(out: number, factors: LiveFactor[], outVars: number[], sumVar: number, cards: number[]): ContractionStep {
  const K = factors.length;
  const nd = outVars.length;
  const strides = new Int32Array(K * nd);
  const sumStrides = new Int32Array(K);
  factors.forEach((f, k) => {
    outVars.forEach((u, d) => (strides[k * nd + d] = f.strides.get(u) ?? 0));
    sumStrides[k] = sumVar >= 0 ? (f.strides.get(sumVar) ?? 0) : 0;
  });
  return {
    out,
    outDims: Int32Array.from(outVars, (u) => cards[u]!),
    sumCard: sumVar >= 0 ? cards[sumVar]! : 1,
    inputs: Int32Array.from(factors, (f) => f.buf),
    offsets: Int32Array.from(factors, (f) => f.offset),
    strides,
    sumStrides,
    sumVar,
    outVars,
  };
}

/** Σ over steps of (loop size × inputs): the forward pass's multiply count. */
export function planWork(plan: ContractionPlan): number {
  return plan.steps.reduce((w, s) => w + s.outDims.reduce((a, b) => a * b, 1) * s.sumCard * s.inputs.length, 0);
}
