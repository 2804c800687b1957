/**
 * The `BayesNet` artifact: plain data (no classes), so the kernel can cache it and send it on.
 *
 * CPT layout. For a variable X with parents (P1, ..., Pk) in the order the BIF file lists them,
 * `cpt` is a Float64Array in row-major order over the axes [P1, ..., Pk, X]:
 *
 *   cpt[((p1 · |P2| + p2) · ... + pk) · |X| + x] = P(X = x | P1 = p1, ..., Pk = pk)
 *
 * so each row (one parent configuration) is |X| contiguous entries — the same order as the
 * `(p1, ..., pk) v1, v2, ...;` lines of a BIF file, last parent fastest. A root's CPT is one row.
 */

export interface BayesVariable {
  name: string;
  states: string[];
  /** Indices into `BayesNet.variables`, in the order of the BIF `probability ( X | ... )`. */
  parents: number[];
  /** Row-major over [...parents, self]; length = |X| · Π|Pi|. */
  cpt: Float64Array;
  /** `property` lines of the variable block, verbatim (without `property` and `;`). */
  properties?: string[];
}

export interface BayesNet {
  name: string;
  /** In file order; parents always refer to this array. */
  variables: BayesVariable[];
  properties?: string[];
}

export function cardinality(net: BayesNet, v: number): number {
  return net.variables[v]!.states.length;
}

/** Number of rows (parent configurations) of a variable's CPT. */
export function rowCount(net: BayesNet, v: number): number {
  let n = 1;
  for (const p of net.variables[v]!.parents) n *= cardinality(net, p);
  return n;
}

/** Total number of CPT entries (the parameters a sensitivity analysis ranks). */
export function parameterCount(net: BayesNet): number {
  let n = 0;
  for (const v of net.variables) n += v.cpt.length;
  return n;
}

export function variableIndex(net: BayesNet): Map<string, number> {
  return new Map(net.variables.map((v, i) => [v.name, i]));
}

/** The parent states of row `row` of variable v's CPT, as state indices (last parent fastest). */
export function rowParentStates(net: BayesNet, v: number, row: number): number[] {
  const parents = net.variables[v]!.parents;
  const out = new Array<number>(parents.length);
  for (let i = parents.length - 1; i >= 0; i--) {
    const c = cardinality(net, parents[i]!);
    out[i] = row % c;
    row = Math.floor(row / c);
  }
  return out;
}

/** Row-major strides of the CPT axes [...parents, self]. */
export function cptStrides(net: BayesNet, v: number): number[] {
  const axes = [...net.variables[v]!.parents, v];
  const strides = new Array<number>(axes.length);
  let s = 1;
  for (let i = axes.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= cardinality(net, axes[i]!);
  }
  return strides;
}

/** Children lists, derived from parents. */
export function childrenOf(net: BayesNet): number[][] {
  const ch = net.variables.map(() => [] as number[]);
  net.variables.forEach((v, i) => v.parents.forEach((p) => ch[p]!.push(i)));
  return ch;
}

/** A copy whose CPTs can be changed without touching the original (used by perturbation). */
export function cloneNet(net: BayesNet): BayesNet {
  return {
    ...net,
    variables: net.variables.map((v) => ({ ...v, parents: [...v.parents], cpt: v.cpt.slice() })),
  };
}
