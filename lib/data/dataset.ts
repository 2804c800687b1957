/**
 * The `Dataset` artifact: labelled examples as flat typed arrays, so it caches on disk and
 * crosses process boundaries as plain data. See docs/artifacts.md.
 */
import { permutation, type RandomSource } from './random.js';

/** One split: `n` rows of `x` (row-major, prod(inputShape) floats each) and their labels. */
export interface Split {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export interface TensorDataset {
  kind: 'tensor';
  /** Shape of one example, e.g. [28, 28, 1] (NHWC without N) or [784]. */
  inputShape: number[];
  numClasses: number;
  classNames?: string[];
  /** `train` and `test` always; other named splits (`validation`, ...) may follow. */
  splits: { train: Split; test: Split; [name: string]: Split };
}

export function rowSize(inputShape: readonly number[]): number {
  return inputShape.reduce((a, b) => a * b, 1);
}

/** Throws a plain Error naming the first inconsistency (sizes, label range). */
export function checkDataset(ds: TensorDataset): void {
  if (ds.kind !== 'tensor') throw new Error(`dataset kind '${String(ds.kind)}' is not 'tensor'`);
  const d = rowSize(ds.inputShape);
  if (!(d > 0)) throw new Error(`dataset inputShape [${ds.inputShape.join(', ')}] is empty`);
  for (const [name, s] of Object.entries(ds.splits)) {
    if (s.x.length !== s.n * d) {
      throw new Error(`split '${name}': x has ${s.x.length} values, expected ${s.n} × ${d}`);
    }
    if (s.y.length !== s.n) throw new Error(`split '${name}': y has ${s.y.length} labels, expected ${s.n}`);
    for (let i = 0; i < s.n; i++) {
      if (s.y[i]! < 0 || s.y[i]! >= ds.numClasses) {
        throw new Error(`split '${name}': label ${s.y[i]} at row ${i} outside 0..${ds.numClasses - 1}`);
      }
    }
  }
}

/** Copies the given rows (in that order) into a new split. */
export function takeRows(split: Split, rows: ArrayLike<number>, rowLen: number): Split {
  const n = rows.length;
  const x = new Float32Array(n * rowLen);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    x.set(split.x.subarray(r * rowLen, (r + 1) * rowLen), i * rowLen);
    y[i] = split.y[r]!;
  }
  return { x, y, n };
}

/**
 * Splits off a seeded random `fraction` of `split` (rounded, at least one row each side):
 * returns `{ rest, held }`, disjoint and together the whole split.
 */
export function holdOut(
  split: Split,
  fraction: number,
  rowLen: number,
  rng: RandomSource,
): { rest: Split; held: Split } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`hold-out fraction ${fraction} must be in (0, 1)`);
  const k = Math.min(split.n - 1, Math.max(1, Math.round(split.n * fraction)));
  if (k < 1) throw new Error(`cannot hold out rows from a split of ${split.n}`);
  const perm = permutation(split.n, rng);
  return { held: takeRows(split, perm.subarray(0, k), rowLen), rest: takeRows(split, perm.subarray(k), rowLen) };
}

/** Per-class counts of a split's labels. */
export function classCounts(split: Split, numClasses: number): number[] {
  const c = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < split.n; i++) c[split.y[i]!]!++;
  return c;
}
