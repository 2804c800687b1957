/**
 * First-order bilevel optimisation (first-order DARTS): two parameter groups, each with its own
 * optimizer and learning rate, updated alternately on two disjoint halves of the data. The inner
 * (weights) step uses half A, the outer (architecture) step half B; the outer gradient ignores
 * how the weights would respond (the first-order approximation).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamVariables } from '../nn/model.js';
import type { Optimizer } from '../nn/optimizers.js';

export interface BilevelGroup {
  vars: ParamVariables;
  optimizer: Optimizer;
  lr: number;
}

export interface BilevelProblem<B> {
  /** Inner variables (network weights), stepped on half A. */
  weights: BilevelGroup;
  /** Outer variables (architecture weights α), stepped on half B. */
  arch: BilevelGroup;
  /** Scalar loss on one batch; reads both groups' variables. */
  loss(batch: B): tf.Scalar;
}

/** One gradient step of `group` only: the other group's variables are left out of the tape. */
export async function groupStep<B>(problem: BilevelProblem<B>, group: BilevelGroup, batch: B): Promise<number> {
  const names = Object.keys(group.vars);
  const { value, grads } = tf.variableGrads(() => problem.loss(batch), names.map((n) => group.vars[n]!));
  // variableGrads keys by variable name, which may differ from our record keys.
  const byKey: Record<string, tf.Tensor> = {};
  for (const n of names) {
    const g = grads[group.vars[n]!.name];
    if (g) byKey[n] = g;
  }
  group.optimizer.apply(group.vars, byKey, group.lr);
  const loss = (await value.data())[0]!;
  value.dispose();
  tf.dispose(grads);
  return loss;
}

export interface BilevelStepLosses {
  /** Loss on the half-A batch before the weight step. */
  weight: number;
  /** Loss on the half-B batch (after the weight step) before the α step. */
  arch: number;
}

/** One alternation: a weight step on `batchA`, then an architecture step on `batchB`. */
export async function bilevelStep<B>(problem: BilevelProblem<B>, batchA: B, batchB: B): Promise<BilevelStepLosses> {
  const weight = await groupStep(problem, problem.weights, batchA);
  const arch = await groupStep(problem, problem.arch, batchB);
  return { weight, arch };
}

export interface BilevelLoopOptions<B> {
  steps: number;
  /** The k-th batch of half A (weights). */
  batchA(step: number): B;
  /** The k-th batch of half B (architecture). */
  batchB(step: number): B;
  /** Releases a batch's tensors once both steps used it. */
  release?(batch: B): void;
  onStep?(step: number, losses: BilevelStepLosses): void | Promise<void>;
  /** Called between steps; throws to stop (e.g. a cancelled run). */
  throwIfAborted?(): void;
}

/** Runs `steps` alternations; returns the last step's losses. */
export async function runBilevel<B>(problem: BilevelProblem<B>, o: BilevelLoopOptions<B>): Promise<BilevelStepLosses> {
  let last: BilevelStepLosses = { weight: NaN, arch: NaN };
  for (let s = 0; s < o.steps; s++) {
    o.throwIfAborted?.();
    const a = o.batchA(s);
    const b = o.batchB(s);
    last = await bilevelStep(problem, a, b);
    o.release?.(a);
    o.release?.(b);
    await o.onStep?.(s, last);
  }
  return last;
}
