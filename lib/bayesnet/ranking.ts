/** Parameters by name, and the top-N ranking of a sensitivity table. */
import { rowParentStates, type BayesNet } from './model.js';
import { admissibleRegion } from './sensitivity-function.js';
import type { SensitivityTable } from './sensitivity.js';

export interface ParameterLocation {
  variable: number;
  row: number;
  state: number;
  /** Position inside the variable's CPT. */
  entry: number;
}

export function locateParameter(net: BayesNet, offsets: Int32Array, k: number): ParameterLocation {
  let lo = 0;
  let hi = net.variables.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  const entry = k - offsets[lo]!;
  const card = net.variables[lo]!.states.length;
  return { variable: lo, row: Math.floor(entry / card), state: entry % card, entry };
}

export interface RankingEntry {
  variable: string;
  state: string;
  parents: Record<string, string>;
  theta: number;
  derivative: number;
  sensitivity_value: number;
  /** null where the sensitivity function is linear (no vertex). */
  vertex_proximity: number | null;
  coefficients: [number, number, number, number];
  /** θ range keeping P(target | e) on the same side of the threshold (when one is given). */
  admissible?: [number, number];
}

/** Indices of the `top` parameters by sensitivity value, most sensitive first (stable). */
export function topParameters(table: SensitivityTable, top: number): number[] {
  if (top <= 0) return [];
  const sv = table.sensitivityValue;
  const idx: number[] = [];
  // A bounded selection: keep the candidates above the current cut, sort once at the end.
  let cut = -1;
  for (let k = 0; k < sv.length; k++) {
    if (sv[k]! < cut) continue;
    idx.push(k);
    if (idx.length >= 4 * top + 64) {
      idx.sort((a, b) => sv[b]! - sv[a]! || a - b);
      idx.length = top;
      cut = sv[idx[top - 1]!]!;
    }
  }
  idx.sort((a, b) => sv[b]! - sv[a]! || a - b);
  return idx.slice(0, top);
}

export function describeParameter(net: BayesNet, table: SensitivityTable, k: number, threshold?: number): RankingEntry {
  const loc = locateParameter(net, table.offsets, k);
  const v = net.variables[loc.variable]!;
  const ps = rowParentStates(net, loc.variable, loc.row);
  const parents: Record<string, string> = {};
  v.parents.forEach((p, i) => (parents[net.variables[p]!.name] = net.variables[p]!.states[ps[i]!]!));
  const c = { c1: table.c1[k]!, c2: table.c2[k]!, c3: table.c3[k]!, c4: table.c4[k]! };
  const prox = table.vertexProximity[k]!;
  return {
    variable: v.name,
    state: v.states[loc.state]!,
    parents,
    theta: table.theta[k]!,
    derivative: table.derivative[k]!,
    sensitivity_value: table.sensitivityValue[k]!,
    vertex_proximity: Number.isFinite(prox) ? prox : null,
    coefficients: [c.c1, c.c2, c.c3, c.c4],
    ...(threshold !== undefined ? { admissible: admissibleRegion(c, table.theta[k]!, threshold) } : {}),
  };
}

/** `X=x | A=a, B=b`, for labels. */
export function parameterLabel(e: Pick<RankingEntry, 'variable' | 'state' | 'parents'>): string {
  const cond = Object.entries(e.parents).map(([n, s]) => `${n}=${s}`);
  return cond.length ? `${e.variable}=${e.state} | ${cond.join(', ')}` : `${e.variable}=${e.state}`;
}
