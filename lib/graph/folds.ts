/**
 * Stratified k-fold assignment: every fold gets each class in the same proportion as the whole
 * set (counts differ by at most one per class), folds differ in size by at most one, and the
 * order within each class is a seeded shuffle.
 */
import { permutation, type RandomSource } from '../data/random.js';

/** Smallest non-zero class size: no fold count above it can put every class in every fold. */
export function smallestClass(y: ArrayLike<number>, numClasses: number): number {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return Math.min(...counts.filter((c) => c > 0));
}

/**
 * The fold (0..k-1) of each example. Classes are laid end to end, each in a seeded order, and
 * dealt round-robin with one running counter: a class's members spread over consecutive folds,
 * and the next class continues where it stopped, which balances fold sizes too.
 */
export function stratifiedFolds(y: ArrayLike<number>, numClasses: number, k: number, rng: RandomSource): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`a fold count must be an integer ≥ 2, got ${k}`);
  if (k > y.length) throw new Error(`${k} folds for ${y.length} examples`);
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < y.length; i++) members[y[i]!]!.push(i);
  const folds = new Int32Array(y.length);
  // A seeded start, so the folds that get one extra member are not always the first ones.
  let next = rng.int(k);
  for (const list of members) {
    const order = permutation(list.length, rng);
    for (const j of order) folds[list[j]!] = next++ % k;
  }
  return folds;
}
