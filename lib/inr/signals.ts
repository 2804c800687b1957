/**
 * The `Signals` artifact: images as coordinate → value signals on a shared grid (coordinates
 * from grid.ts, values in [0, 1]), split into meta-train and meta-test signals. Plain data.
 */
import { MNIST_SIDE, permutation, type MnistPool, type RandomSource } from '../data/index.js';

export interface SignalSplit {
  /** Signal i is values[i·P·C .. (i+1)·P·C), P = height·width points, C channels, row-major. */
  values: Float32Array;
  n: number;
}

export interface SignalSet {
  kind: 'signals';
  source: string;
  /** [height, width] of every signal's grid. */
  grid: [number, number];
  channels: number;
  splits: { train: SignalSplit; test: SignalSplit };
}

export const SIGNAL_SOURCES = ['mnist'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export function signalPoints(set: SignalSet): number {
  return set.grid[0] * set.grid[1];
}

/** Values of signal `i` of `split` as [points · channels] (a view, not a copy). */
export function signalValues(set: SignalSet, split: SignalSplit, i: number): Float32Array {
  const d = signalPoints(set) * set.channels;
  if (i < 0 || i >= split.n) throw new Error(`signal ${i} is out of range (0..${split.n - 1})`);
  return split.values.subarray(i * d, (i + 1) * d);
}

export function checkSignalSet(set: SignalSet): void {
  const d = signalPoints(set) * set.channels;
  for (const [name, s] of Object.entries(set.splits)) {
    if (s.values.length !== s.n * d) throw new Error(`signals: split '${name}' has ${s.values.length} values, expected ${s.n}·${d}`);
  }
}

/** Area-average downsampling of a square grey image by an integer factor. */
export function downsample(img: Float32Array, side: number, size: number): Float32Array {
  if (side % size !== 0) throw new Error(`size ${size} must divide ${side}`);
  const f = side / size;
  const out = new Float32Array(size * size);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[Math.floor(r / f) * size + Math.floor(c / f)]! += img[r * side + c]! / (f * f);
  return out;
}

export interface MnistSignalOptions {
  /** Side of the grid; must divide 28. */
  size: number;
  train: number;
  test: number;
}

/** A seeded, disjoint meta-train / meta-test choice of MNIST digits as grey signals. */
export function mnistSignals(pool: MnistPool, o: MnistSignalOptions, rng: RandomSource): SignalSet {
  if (o.train < 1 || o.test < 1 || o.train + o.test > pool.n) throw new Error(`train (${o.train}) + test (${o.test}) must be positive and at most ${pool.n}`);
  const perm = permutation(pool.n, rng);
  const px = MNIST_SIDE * MNIST_SIDE;
  const take = (from: number, n: number): SignalSplit => {
    const values = new Float32Array(n * o.size * o.size);
    for (let i = 0; i < n; i++) {
      const row = perm[from + i]!;
      values.set(downsample(pool.x.subarray(row * px, (row + 1) * px), MNIST_SIDE, o.size), i * o.size * o.size);
    }
    return { values, n };
  };
  return { kind: 'signals', source: 'mnist', grid: [o.size, o.size], channels: 1, splits: { train: take(0, o.train), test: take(o.train, o.test) } };
}
