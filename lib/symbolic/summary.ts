/**
 * What a symbolic-regression run reports: errors on every split, per-constraint violations and
 * the Pareto front with each member's formula. Plain JSON, ready for `result` in run:end.
 */
import type { Candidate } from './learner.js';
import { rmse } from './learner.js';
import { extractFormula, type Formula } from './formula.js';
import { predict, type SymNet } from './network.js';
import { splitColumns, type TableDataset } from './table.js';

export type Predictor = (cols: Float64Array[]) => Float64Array;

export function splitErrors(ds: TableDataset, f: Predictor): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(ds.splits)) out[name] = rmse(f(splitColumns(s, ds.inputs.length)), s.y);
  return out;
}

export const netPredictor =
  (net: SymNet): Predictor =>
  (cols) =>
    predict(net, cols);

export type FrontEntry = {
  start: number;
  epoch: number;
  phase: string;
  complexity: number;
  val_rmse: number;
  violation: number;
  formula: string;
  chosen: boolean;
};

/** Front members by complexity; formulas only for the simplest `limit` (simplification costs). */
export function frontSummary(cands: Candidate[], front: number[], chosen: number, limit = 12): FrontEntry[] {
  return [...front]
    .sort((a, b) => cands[a]!.complexity - cands[b]!.complexity)
    .map((i, k) => {
      const c = cands[i]!;
      return {
        start: c.start + 1,
        epoch: c.epoch + 1,
        phase: c.phase,
        complexity: c.complexity,
        val_rmse: c.valRmse,
        violation: c.violation,
        formula: k < limit || i === chosen ? extractFormula(c.net).text : '(not simplified)',
        chosen: i === chosen,
      };
    });
}

export function violationMap(labels: string[], values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  labels.forEach((l, i) => (out[out[l] === undefined ? l : `${l} #${i + 1}`] = values[i]!));
  return out;
}

export type { Formula };
