/**
 * SimSiam training on augmented pairs. With no architecture it is the NASiam search: weights
 * and α updated alternately on two halves of the rows (first-order DARTS, lib/bilevel), then α
 * discretised by argmax. With an architecture it is plain SimSiam training of that head.
 * Batches follow a fresh permutation each epoch; each row's two views are drawn anew each time.
 */
import * as tf from '@tensorflow/tfjs';
import { groupStep, runBilevel, type BilevelGroup, type BilevelProblem } from '../bilevel/first-order.js';
import { permutation, type RandomSource } from '../data/random.js';
import { paramsToVariables, tensorsToParams, type ParamVariables } from '../nn/model.js';
import { createOptimizer } from '../nn/optimizers.js';
import { trainableParamNames } from '../nn/shapes.js';
import { augmentPairs, type AugmentOptions } from './augment.js';
import { argmaxChoice } from './mixed-op.js';
import { alphaName, siameseForward, type HeadArchitecture, type HeadName, type PlainParams, type SiameseSpec } from './siamese-net.js';
import { embeddingStd, simsiamLoss } from './simsiam-loss.js';

export interface SiameseTrainOptions {
  spec: SiameseSpec;
  /** Train this fixed head; absent: search it. */
  arch?: HeadArchitecture;
  /** Starting parameters (from initSiamese or an untrained model stage). */
  init: { backbone: PlainParams; head: PlainParams; alphas: PlainParams };
  x: Float32Array;
  n: number;
  augment: AugmentOptions;
  epochs: number;
  batch: number;
  weightLr: number;
  alphaLr: number;
  /** Shuffles the rows and picks the monitor batches. */
  rng: RandomSource;
  /** Draws the two random views of each row. */
  viewRng: RandomSource;
  /** Record the collapse monitor (and α while searching) every this many steps. */
  monitorEvery?: number;
  onStep?(step: number, total: number, m: { loss: number; archLoss?: number; embeddingStd?: number }): void;
  throwIfAborted?(): void;
}

export interface AlphaHistory {
  steps: number[];
  /** softmax(α) per layer name (`projector0`, ...) per recorded step. */
  weights: Record<string, number[][]>;
}

export interface SiameseTrainResult {
  backbone: PlainParams;
  head: PlainParams;
  alphas: Record<string, number[]>;
  alphaHistory: AlphaHistory;
  architecture: HeadArchitecture;
  /** The collapse monitor at the last step. */
  embeddingStd: number;
}

interface Pair {
  x1: tf.Tensor2D;
  x2: tf.Tensor2D;
}

/** Steps per epoch over `pool` rows: full batches only (batch norm needs a real batch). */
const stepsPerEpoch = (pool: number, batch: number) => Math.max(1, Math.floor(pool / batch));

export async function trainSiamese(o: SiameseTrainOptions): Promise<SiameseTrainResult> {
  const [h, w, c] = o.augment.shape;
  const rowLen = h * w * c;
  const backbone = paramsToVariables(o.init.backbone);
  const head = paramsToVariables(o.init.head);
  const trainable: ParamVariables = { ...head };
  for (const name of trainableParamNames(o.spec.backbone)) trainable[name] = backbone[name]!;
  const weights: BilevelGroup = { vars: trainable, optimizer: createOptimizer({ type: 'sgd', momentum: 0.9 }), lr: o.weightLr };
  const arch: BilevelGroup = {
    vars: o.arch ? {} : paramsToVariables(o.init.alphas),
    optimizer: createOptimizer({ type: 'adam', beta1: 0.5, beta2: 0.999 }),
    lr: o.alphaLr,
  };
  // Running statistics are variables outside both groups: the forward pass assigns them.
  const all = () => ({ ...backbone, ...head, ...arch.vars }) as Record<string, tf.Tensor>;
  const problem: BilevelProblem<Pair> = {
    weights,
    arch,
    loss: ({ x1, x2 }) => {
      const a = siameseForward(x1, o.spec, all(), { training: true }, o.arch);
      const b = siameseForward(x2, o.spec, all(), { training: true }, o.arch);
      return simsiamLoss(a.p, a.z, b.p, b.z);
    },
  };
  const order = permutation(o.n, o.rng);
  // Search: half A trains the weights, half B the architecture. Training: all rows are A.
  const half = o.arch ? o.n : Math.max(1, Math.floor(o.n / 2));
  const pools = [order.slice(0, half), o.arch ? order : order.slice(half)];
  const batch = Math.min(o.batch, ...pools.map((p) => p.length));
  const perEpoch = stepsPerEpoch(pools[0]!.length, batch);
  const total = o.epochs * perEpoch;
  // One shuffled queue per half, refilled each time it runs out (half B may be shorter).
  const queues: Int32Array[] = [new Int32Array(0), new Int32Array(0)];
  const cursor = [0, 0];
  const draw = (which: 0 | 1): Pair => {
    if (cursor[which]! + batch > queues[which]!.length) {
      const pool = pools[which]!;
      queues[which] = permutation(pool.length, o.rng).map((i) => pool[i]!);
      cursor[which] = 0;
    }
    const rows = queues[which]!.subarray(cursor[which]!, cursor[which]! + batch);
    cursor[which]! += batch;
    return pairOf(rows);
  };
  const pairOf = (rows: ArrayLike<number>): Pair => {
    const [a, b] = augmentPairs(o.x, rowLen, rows, o.augment, o.viewRng);
    return { x1: tf.tensor2d(a, [rows.length, rowLen]), x2: tf.tensor2d(b, [rows.length, rowLen]) };
  };
  const release = (p: Pair) => tf.dispose([p.x1, p.x2]);

  const layerNames: [HeadName, number][] = [
    ...Array.from({ length: o.spec.projectorLayers }, (_, i) => ['projector', i] as [HeadName, number]),
    ...Array.from({ length: o.spec.predictorLayers }, (_, i) => ['predictor', i] as [HeadName, number]),
  ];
  const history: AlphaHistory = { steps: [], weights: {} };
  const recordAlphas = async (step: number) => {
    if (o.arch) return;
    history.steps.push(step);
    for (const [name, i] of layerNames) {
      const sm = tf.softmax(arch.vars[alphaName(name, i)]!);
      (history.weights[`${name}${i}`] ??= []).push(Array.from(await sm.data()));
      sm.dispose();
    }
  };
  let lastStd = NaN;
  /** The collapse monitor on the projector output z of a fresh batch, without touching statistics. */
  const monitor = async (step: number): Promise<number | undefined> => {
    if (step % (o.monitorEvery ?? 1) !== 0 && step !== total - 1) return undefined;
    await recordAlphas(step);
    // A random batch outside the epoch queues, so monitoring does not change what trains.
    const p = pairOf(Array.from({ length: batch }, () => pools[0]![o.rng.int(pools[0]!.length)]!));
    const z = tf.tidy(() => siameseForward(p.x1, o.spec, all(), { training: true, updateStatistics: false }, o.arch).z);
    lastStd = await embeddingStd(z);
    tf.dispose([z]);
    release(p);
    return lastStd;
  };
  try {
    if (o.arch) {
      for (let s = 0; s < total; s++) {
        o.throwIfAborted?.();
        const p = draw(0);
        const loss = await groupStep(problem, weights, p);
        release(p);
        o.onStep?.(s, total, { loss, embeddingStd: await monitor(s) });
      }
    } else {
      await runBilevel(problem, {
        steps: total,
        batchA: () => draw(0),
        batchB: () => draw(1),
        release,
        throwIfAborted: o.throwIfAborted,
        onStep: async (s, l) => o.onStep?.(s, total, { loss: l.weight, archLoss: l.arch, embeddingStd: await monitor(s) }),
      });
    }
    const alphas: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(arch.vars)) alphas[k] = Array.from(await v.data());
    const pick = (name: HeadName, count: number) =>
      Array.from({ length: count }, (_, i) => argmaxChoice(alphas[alphaName(name, i)]!, o.spec.candidates));
    const architecture = o.arch ?? { projector: pick('projector', o.spec.projectorLayers), predictor: pick('predictor', o.spec.predictorLayers) };
    return {
      backbone: await tensorsToParams(backbone),
      head: await tensorsToParams(head),
      alphas,
      alphaHistory: history,
      architecture,
      embeddingStd: lastStd,
    };
  } finally {
    tf.dispose([...Object.values(backbone), ...Object.values(head), ...Object.values(arch.vars)]);
    weights.optimizer.dispose();
    arch.optimizer.dispose();
  }
}
