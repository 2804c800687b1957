/**
 * Elimination orders on the interaction graph of a set of factor scopes (for a Bayesian network
 * with evidence sliced out, that is its moral graph minus the evidence nodes).
 *
 * Two greedy heuristics are run — min-fill (ties broken by clique weight) and min-weight — and
 * the one with the smaller estimated work (Σ over steps of the size of the clique that step
 * loops over) is kept. Each is O(n · d²) per step, trivial next to the contraction itself.
 */

export interface EliminationOrder {
  order: number[];
  heuristic: 'min-fill' | 'min-weight';
  /** Σ over steps of Π card(v ∪ neighbours): the multiply-adds of the forward pass, roughly. */
  cost: number;
  /** Largest intermediate factor (entries), i.e. max Π card(neighbours) at elimination. */
  maxFactor: number;
  /** The variables of that largest factor, for the error message that refuses it. */
  maxFactorVars: number[];
}

type Heuristic = EliminationOrder['heuristic'];

/**
 * @param scopes   variable lists of the factors (only free variables)
 * @param cards    cardinality per variable index
 * @param eliminate the variables to eliminate (everything but the query variable)
 */
export function chooseEliminationOrder(scopes: number[][], cards: ArrayLike<number>, eliminate: number[], trials = 0): EliminationOrder {
  let best = greedyOrder(scopes, cards, eliminate, 'min-fill');
  const consider = (o: EliminationOrder) => {
    if (o.cost < best.cost) best = o;
  };
  consider(greedyOrder(scopes, cards, eliminate, 'min-weight'));
  // Greedy heuristics tie often (fill 0); breaking ties at random and keeping the cheapest
  // order is a cheap, seeded search that pays off on loopy networks.
  let seed = 0x9e3779b9;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < trials; i++) consider(greedyOrder(scopes, cards, eliminate, i % 2 ? 'min-weight' : 'min-fill', rnd));
  return best;
}

function buildAdjacency(scopes: number[][]): Map<number, Set<number>> {
  const adj = new Map<number, Set<number>>();
  const node = (v: number) => {
    let s = adj.get(v);
    if (!s) adj.set(v, (s = new Set()));
    return s;
  };
  for (const scope of scopes) {
    for (const u of scope) {
      const s = node(u);
      for (const w of scope) if (w !== u) s.add(w);
    }
  }
  return adj;
}

export function greedyOrder(scopes: number[][], cards: ArrayLike<number>, eliminate: number[], heuristic: Heuristic, tieBreak?: () => number): EliminationOrder {
  const adj = buildAdjacency(scopes);
  const remaining = new Set(eliminate);
  const order: number[] = [];
  let cost = 0;
  let maxFactor = 1;
  let maxFactorVars: number[] = [];
  const weightOf = (v: number, nb: Set<number>) => {
    let w = cards[v]!;
    for (const u of nb) w *= cards[u]!;
    return w;
  };
  while (remaining.size) {
    let best = -1;
    let bestKey1 = Infinity;
    let bestKey2 = Infinity;
    let bestKey3 = Infinity;
    for (const v of remaining) {
      const nb = adj.get(v) ?? new Set<number>();
      const w = weightOf(v, nb);
      const fill = heuristic === 'min-fill' ? fillIn(nb, adj) : 0;
      const k1 = heuristic === 'min-fill' ? fill : w;
      const k2 = heuristic === 'min-fill' ? w : 0;
      const k3 = tieBreak ? tieBreak() : 0;
      if (k1 < bestKey1 || (k1 === bestKey1 && (k2 < bestKey2 || (k2 === bestKey2 && k3 < bestKey3)))) {
        best = v;
        bestKey1 = k1;
        bestKey2 = k2;
        bestKey3 = k3;
      }
    }
    const nb = adj.get(best) ?? new Set<number>();
    const w = weightOf(best, nb);
    cost += w;
    const outSize = w / cards[best]!;
    if (outSize > maxFactor) {
      maxFactor = outSize;
      maxFactorVars = [...nb];
    }
    for (const u of nb) {
      const su = adj.get(u)!;
      su.delete(best);
      for (const x of nb) if (x !== u) su.add(x);
    }
    adj.delete(best);
    remaining.delete(best);
    order.push(best);
  }
  return { order, heuristic, cost, maxFactor, maxFactorVars };
}

function fillIn(nb: Set<number>, adj: Map<number, Set<number>>): number {
  let fill = 0;
  const list = [...nb];
  for (let i = 0; i < list.length; i++) {
    const si = adj.get(list[i]!)!;
    for (let j = i + 1; j < list.length; j++) if (!si.has(list[j]!)) fill++;
  }
  return fill;
}
