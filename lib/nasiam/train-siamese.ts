/**
 * SimSiam training on augmented pairs. With no architecture it is the NASiam search: weights
 * and α updated alternately on two halves of the rows (first-order DARTS, lib/bilevel), then α
 * discretised by argmax. With an architecture it is plain SimSiam training of that head.
 */
import * as tf from '@tensorflow/tfjs';
import { groupStep, runBilevel, type BilevelGroup, type BilevelProblem } from '../bilevel/first-order.js';
import { permutation, type RandomSource } from '../data/random.js';
import { paramsToVariables, tensorsToParams } from '../nn/model.js';
import { createOptimizer } from '../nn/optimizers.js';
import { augmentPairs, type Augmentation } from './augment.js';
import { argmaxChoice } from './mixed-op.js';
import { alphaName, initSiamese, siameseForward, type HeadArchitecture, type PlainParams, type SiameseSpec } from './siamese-net.js';
import { embeddingStd, simsiamLoss } from './simsiam-loss.js';

export interface SiameseTrainOptions {
  spec: SiameseSpec;
  /** Train this fixed head; absent: search it. */
  arch?: HeadArchitecture;
  x: Float32Array;
  n: number;
  imageShape: [number, number, number];
  augment: Augmentation[];
  steps: number;
  batch: number;
  weightLr: number;
  alphaLr: number;
  rng: RandomSource;
  /** Record the collapse monitor every this many steps. */
  monitorEvery?: number;
  onStep?(step: number, m: { loss: number; archLoss?: number; embeddingStd?: number }): void;
  throwIfAborted?(): void;
}

export interface SiameseTrainResult {
  weights: PlainParams;
  alphas: Record<string, number[]>;
  architecture: HeadArchitecture;
}

interface Pair {
  x1: tf.Tensor2D;
  x2: tf.Tensor2D;
}

export async function trainSiamese(o: SiameseTrainOptions): Promise<SiameseTrainResult> {
  const rowLen = o.imageShape[0] * o.imageShape[1] * o.imageShape[2];
  const init = initSiamese(o.spec, o.rng);
  const weights: BilevelGroup = {
    vars: paramsToVariables(init.weights),
    optimizer: createOptimizer({ type: 'sgd', momentum: 0.9 }),
    lr: o.weightLr,
  };
  const arch: BilevelGroup = {
    vars: o.arch ? {} : paramsToVariables(init.alphas),
    optimizer: createOptimizer({ type: 'adam', beta1: 0.5, beta2: 0.999 }),
    lr: o.alphaLr,
  };
  const all = () => ({ ...weights.vars, ...arch.vars }) as Record<string, tf.Tensor>;
  const problem: BilevelProblem<Pair> = {
    weights,
    arch,
    loss: ({ x1, x2 }) => {
      const a = siameseForward(x1, o.spec, all(), o.arch);
      const b = siameseForward(x2, o.spec, all(), o.arch);
      return simsiamLoss(a.p, a.z, b.p, b.z);
    },
  };
  const order = permutation(o.n, o.rng);
  // Search: half A trains the weights, half B the architecture. Training: all rows are A.
  const half = o.arch ? o.n : Math.max(1, Math.floor(o.n / 2));
  const halves = [order.subarray(0, half), o.arch ? order : order.subarray(half)];
  const draw = (which: 0 | 1): Pair => {
    const pool = halves[which]!;
    const rows = Array.from({ length: o.batch }, () => pool[o.rng.int(pool.length)]!);
    const [a, b] = augmentPairs(o.x, rowLen, rows, { ops: o.augment, shape: o.imageShape }, o.rng);
    return { x1: tf.tensor2d(a, [o.batch, rowLen]), x2: tf.tensor2d(b, [o.batch, rowLen]) };
  };
  const release = (p: Pair) => tf.dispose([p.x1, p.x2]);
  const monitor = async (step: number): Promise<number | undefined> => {
    if (step % (o.monitorEvery ?? 1) !== 0) return undefined;
    const p = draw(0);
    const z = tf.tidy(() => siameseForward(p.x1, o.spec, all(), o.arch).z);
    const s = await embeddingStd(z);
    tf.dispose([z]);
    release(p);
    return s;
  };
  try {
    if (o.arch) {
      for (let s = 0; s < o.steps; s++) {
        o.throwIfAborted?.();
        const p = draw(0);
        const loss = await groupStep(problem, weights, p);
        release(p);
        o.onStep?.(s, { loss, embeddingStd: await monitor(s) });
      }
    } else {
      await runBilevel(problem, {
        steps: o.steps,
        batchA: () => draw(0),
        batchB: () => draw(1),
        release,
        throwIfAborted: o.throwIfAborted,
        onStep: async (s, l) => o.onStep?.(s, { loss: l.weight, archLoss: l.arch, embeddingStd: await monitor(s) }),
      });
    }
    const alphas: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(arch.vars)) alphas[k] = Array.from(await v.data());
    const pick = (head: 'projector' | 'predictor', count: number) =>
      Array.from({ length: count }, (_, i) => argmaxChoice(alphas[alphaName(head, i)]!, o.spec.candidates));
    const architecture = o.arch ?? { projector: pick('projector', o.spec.projectorLayers), predictor: pick('predictor', o.spec.predictorLayers) };
    return { weights: await tensorsToParams(weights.vars), alphas, architecture };
  } finally {
    tf.dispose(Object.values(weights.vars));
    tf.dispose(Object.values(arch.vars));
    weights.optimizer.dispose();
    arch.optimizer.dispose();
  }
}
