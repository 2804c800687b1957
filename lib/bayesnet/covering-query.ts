/**
 * A query that makes every CPT of a network relevant, for benchmarks that claim "all
 * parameters": evidence on leaves (heaviest ancestral sets first) until every variable is an
 * ancestor of some observed leaf, each observed at its most probable state given the previous
 * ones (so P(e) > 0); the target is the unobserved variable with the most descendants whose
 * posterior is not nearly deterministic (max < 0.99), at its most probable state.
 */
import { ancestralSet } from './graph.js';
import { infer } from './inference.js';
import { childrenOf, type BayesNet } from './model.js';
import type { IndexedQuery } from './query.js';

const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));

export function coveringQuery(net: BayesNet, maxFactorSize = 1e8): IndexedQuery {
  const parents = net.variables.map((v) => v.parents);
  const children = childrenOf(net);
  const weight = (v: number) => ancestralSet(parents, [v]).reduce((w, inSet, u) => w + (inSet ? net.variables[u]!.cpt.length : 0), 0);
  const leaves = net.variables.map((_, i) => i).filter((i) => children[i]!.length === 0);
  const weights = new Map(leaves.map((l) => [l, weight(l)]));
  leaves.sort((a, b) => weights.get(b)! - weights.get(a)! || a - b);

  const covered = new Uint8Array(net.variables.length);
  const evidence: Array<[number, number]> = [];
  for (const leaf of leaves) {
    const anc = ancestralSet(parents, [leaf]);
    if (!anc.some((inSet, u) => inSet && !covered[u])) continue;
    anc.forEach((inSet, u) => (covered[u] ||= inSet));
    evidence.push([leaf, argmax(infer(net, { target: leaf, targetState: 0, evidence }, { maxFactorSize }).posterior)]);
  }

  const observed = new Set(evidence.map(([v]) => v));
  const descendants = net.variables.map((_, v) => {
    const seen = new Set<number>();
    const stack = [v];
    while (stack.length) for (const c of children[stack.pop()!]!) if (!seen.has(c)) stack.push((seen.add(c), c));
    return seen.size;
  });
  const candidates = net.variables.map((_, i) => i).filter((i) => !observed.has(i));
  candidates.sort((a, b) => descendants[b]! - descendants[a]! || a - b);
  for (const target of candidates) {
    const p = infer(net, { target, targetState: 0, evidence }, { maxFactorSize }).posterior;
    if (Math.max(...p) < 0.99) return { target, targetState: argmax(p), evidence };
  }
  throw new Error(`network '${net.name}': no unobserved variable has an uncertain posterior`);
}
