/**
 * The `Dataset.table` artifact: numeric columns for regression, as plain typed arrays. Inputs
 * are stored row-major (n × d) like the tensor Dataset; the target is a separate column.
 */
import { permutation, type RandomSource } from '../data/random.js';

export interface TableSplit {
  /** Row-major n × inputs.length. */
  x: Float64Array;
  y: Float64Array;
  n: number;
}

export interface TableDataset {
  kind: 'table';
  inputs: string[];
  target: string;
  /** `train` and `validation` (held out of the training file) always; named test splits after. */
  splits: { train: TableSplit; validation: TableSplit; [name: string]: TableSplit };
}

export function tableSplit(columns: Float64Array[], inputIdx: number[], targetIdx: number, rows?: ArrayLike<number>): TableSplit {
  const all = columns[0]?.length ?? 0;
  const n = rows ? rows.length : all;
  const d = inputIdx.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    inputIdx.forEach((c, j) => (x[i * d + j] = columns[c]![r]!));
    y[i] = columns[targetIdx]![r]!;
  }
  return { x, y, n };
}

/** A seeded hold-out: `fraction` of the rows (at least one, at most n − 1) go to `held`. */
export function splitRows(n: number, fraction: number, rng: RandomSource): { kept: Int32Array; held: Int32Array } {
  const k = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const perm = permutation(n, rng);
  return { held: perm.slice(0, k), kept: perm.slice(k) };
}

/** The input columns of a split. */
export function splitColumns(s: TableSplit, d: number): Float64Array[] {
  return Array.from({ length: d }, (_, j) => {
    const c = new Float64Array(s.n);
    for (let i = 0; i < s.n; i++) c[i] = s.x[i * d + j]!;
    return c;
  });
}

/** [min, max] of each input over a split. */
export function inputRanges(s: TableSplit, d: number): [number, number][] {
  return splitColumns(s, d).map((c) => [Math.min(...c), Math.max(...c)]);
}
