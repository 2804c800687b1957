/**
 * Colored MNIST (Arjovsky et al., "Invariant Risk Minimization", 2019), generated from the
 * mnist package's digits and the seed alone:
 *
 *   image  = the digit subsampled 2× (every other pixel) to 14×14, put in one of two channels
 *   label  = [digit < 5], flipped with probability `labelNoise` (0.25)
 *   colour = label, flipped with probability e of the example's environment; the digit goes
 *            into channel `colour`, the other channel is 0
 *
 * The training environments (e = 0.1, 0.2) make colour agree with the label 85% of the time,
 * more than shape can (75%, the label noise); the test environment (e = 0.9) reverses that, so a
 * model that reads colour fails there. The pool holds 10,000 digits (not 60,000): by default
 * 2 × 2,500 go to the training environments and the other 5,000 to the test environment.
 */
import { rowSize, type Split, type TensorDataset } from './dataset.js';
import type { MnistPool } from './mnist.js';
import { MNIST_SIDE } from './mnist.js';
import { permutation, type RandomSource } from './random.js';

export const COLORED_SIDE = MNIST_SIDE / 2;
export const COLORED_SHAPE = [COLORED_SIDE, COLORED_SIDE, 2];

export interface ColoredMnistOptions {
  /** Colour-flip probability of each training environment. */
  trainEnvs: number[];
  /** Colour-flip probability of the test environment. */
  testEnv: number;
  /** Examples per training environment. */
  trainPerEnv: number;
  test: number;
  /** Probability that the label [digit < 5] is flipped. */
  labelNoise: number;
}

export const COLORED_MNIST_DEFAULTS: ColoredMnistOptions = {
  trainEnvs: [0.1, 0.2],
  testEnv: 0.9,
  trainPerEnv: 2500,
  test: 5000,
  labelNoise: 0.25,
};

export interface EnvironmentInfo {
  /** `env<e>`, e.g. `env0.1`; metrics are named after it (`accuracy_env0.1`). */
  name: string;
  /** The dataset split holding its examples. */
  split: string;
  colorFlip: number;
  role: 'train' | 'test';
  n: number;
}

/** What generated each row, kept so the recipe can be audited (tests check its statistics). */
export interface RowTruth {
  digit: Int32Array;
  /** 0 or 1: the channel holding the digit. */
  color: Uint8Array;
}

export interface ColoredMnistDataset extends TensorDataset {
  environments: EnvironmentInfo[];
  /** Per split (`train`, `test`, and each environment's own split). */
  truth: Record<string, RowTruth>;
  labelNoise: number;
}

export function environmentName(colorFlip: number): string {
  return `env${colorFlip}`;
}

/** Throws a plain Error for options the recipe cannot meet. */
export function checkColoredMnistOptions(o: ColoredMnistOptions, poolSize: number): void {
  const probs: [string, number][] = [
    ['labelNoise', o.labelNoise],
    ['testEnv', o.testEnv],
    ...o.trainEnvs.map((e, i): [string, number] => [`trainEnvs[${i}]`, e]),
  ];
  for (const [name, p] of probs) if (!(p >= 0 && p <= 1)) throw new Error(`${name} = ${p} is not a probability in [0, 1]`);
  if (!o.trainEnvs.length) throw new Error('at least one training environment is needed');
  const names = o.trainEnvs.map(environmentName);
  if (new Set(names).size !== names.length) throw new Error('training environments must have different colour-flip probabilities');
  const need = o.trainEnvs.length * o.trainPerEnv + o.test;
  if (o.trainPerEnv < 1 || o.test < 1 || need > poolSize) {
    throw new Error(`${o.trainEnvs.length} × ${o.trainPerEnv} training + ${o.test} test digits must be positive and at most ${poolSize}`);
  }
}

/** One environment: the given pool rows, labelled and coloured with draws from `rng`. */
function makeEnvironment(pool: MnistPool, rows: Int32Array, colorFlip: number, labelNoise: number, rng: RandomSource): { split: Split; truth: RowTruth } {
  const d = rowSize(COLORED_SHAPE);
  const x = new Float32Array(rows.length * d);
  const y = new Int32Array(rows.length);
  const digit = new Int32Array(rows.length);
  const color = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    digit[i] = pool.y[r]!;
    // Two draws per row, always in this order, so each row's randomness is fixed by the seed.
    const label = Number(digit[i]! < 5) ^ Number(rng.next() < labelNoise);
    const c = label ^ Number(rng.next() < colorFlip);
    y[i] = label;
    color[i] = c;
    const src = r * MNIST_SIDE * MNIST_SIDE;
    for (let h = 0; h < COLORED_SIDE; h++) {
      for (let w = 0; w < COLORED_SIDE; w++) {
        x[i * d + (h * COLORED_SIDE + w) * 2 + c] = pool.x[src + 2 * h * MNIST_SIDE + 2 * w]!;
      }
    }
  }
  return { split: { x, y, n: rows.length }, truth: { digit, color } };
}

function concat(parts: { split: Split; truth: RowTruth }[]): { split: Split; truth: RowTruth } {
  const n = parts.reduce((a, p) => a + p.split.n, 0);
  const x = new Float32Array(n * rowSize(COLORED_SHAPE));
  const y = new Int32Array(n);
  const digit = new Int32Array(n);
  const color = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    x.set(p.split.x, at * rowSize(COLORED_SHAPE));
    y.set(p.split.y, at);
    digit.set(p.truth.digit, at);
    color.set(p.truth.color, at);
    at += p.split.n;
  }
  return { split: { x, y, n }, truth: { digit, color } };
}

/**
 * The data set: splits `train` (every training environment, in order), `test` (the test
 * environment) and one split per training environment (`env0.1`, ...). Digits are drawn without
 * replacement by one seeded permutation of the pool: training environments first, then test.
 */
export function coloredMnistDataset(pool: MnistPool, o: ColoredMnistOptions, rng: RandomSource): ColoredMnistDataset {
  checkColoredMnistOptions(o, pool.n);
  const perm = permutation(pool.n, rng);
  const envs = o.trainEnvs.map((e, i) => makeEnvironment(pool, perm.subarray(i * o.trainPerEnv, (i + 1) * o.trainPerEnv), e, o.labelNoise, rng));
  const start = o.trainEnvs.length * o.trainPerEnv;
  const test = makeEnvironment(pool, perm.subarray(start, start + o.test), o.testEnv, o.labelNoise, rng);
  const train = concat(envs);
  const splits: ColoredMnistDataset['splits'] = { train: train.split, test: test.split };
  const truth: Record<string, RowTruth> = { train: train.truth, test: test.truth };
  const environments: EnvironmentInfo[] = o.trainEnvs.map((e, i) => {
    const name = environmentName(e);
    splits[name] = envs[i]!.split;
    truth[name] = envs[i]!.truth;
    return { name, split: name, colorFlip: e, role: 'train', n: o.trainPerEnv };
  });
  environments.push({ name: environmentName(o.testEnv), split: 'test', colorFlip: o.testEnv, role: 'test', n: o.test });
  return {
    kind: 'tensor',
    inputShape: [...COLORED_SHAPE],
    numClasses: 2,
    classNames: ['digit >= 5', 'digit < 5'],
    splits,
    environments,
    truth,
    labelNoise: o.labelNoise,
  };
}

/**
 * The same images with the colour channels swapped (the last axis reversed): the colour-reliance
 * probe. A model blind to colour scores the same on both.
 */
export function swapColorChannels(split: Split, inputShape: readonly number[]): Split {
  const channels = inputShape.at(-1)!;
  const x = new Float32Array(split.x.length);
  for (let p = 0; p < split.x.length; p += channels) {
    for (let c = 0; c < channels; c++) x[p + c] = split.x[p + channels - 1 - c]!;
  }
  return { x, y: split.y, n: split.n };
}

export function isColoredMnist(ds: TensorDataset): ds is ColoredMnistDataset {
  return Array.isArray((ds as Partial<ColoredMnistDataset>).environments);
}
