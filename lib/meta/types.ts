/**
 * What the meta-learning machinery talks about: a task as functions of functional parameters
 * (a record of tensors, never tf.Variables hidden in layers), and the hooks a method plugs into
 * the inner and outer loops. MAML uses none of the hooks; context pruning (ECoP/GradNCP) uses
 * `selectContext` to shrink each inner step's context, `prepareOuter` + `outerTerms` for its
 * bootstrapped target, and `transformGradient` for test-time gradient rescaling.
 */
import type * as tf from '@tensorflow/tfjs';

/** Parameters keyed like lib/nn's `ParamTensors` (`<layer>/<role>`). */
export type Params = Record<string, tf.Tensor>;

export interface MetaTask {
  /**
   * Mean inner (context) loss of `params` on the rows `rows` of the task's context; every row
   * when `rows` is undefined. A scalar; must be built from differentiable ops only, since the
   * second-order outer gradient differentiates through its gradient.
   */
  innerLoss(params: Params, rows?: tf.Tensor1D): tf.Scalar;
  /** Outer (query) loss of the adapted parameters; the inner loss on every row when absent. */
  outerLoss?(params: Params): tf.Scalar;
  /** This task's hooks (a context choice needs the task's own data); else the loop's. */
  hooks?: InnerHooks;
}

/** What `transformGradient` sees at one inner step. */
export interface GradientStep {
  step: number;
  params: Params;
  /** The rows this step's gradient was taken on (undefined: all). */
  rows: tf.Tensor1D | undefined;
  /** The inner-loss gradient on `rows`. */
  grads: Params;
  /** The inner-loss gradient on other rows (undefined: all), in the same tape state. */
  gradOn(rows?: tf.Tensor1D): Params;
}

export interface InnerHooks {
  /**
   * Rows of inner step `step`'s context, chosen from the current parameters. Runs outside any
   * gradient tape (the choice is not differentiated, as a stop-gradient), may read tensors
   * asynchronously. Undefined: every row.
   */
  selectContext?(step: number, params: Params): Promise<Int32Array | undefined>;
  /** Replaces a step's gradient before the SGD update (e.g. test-time rescaling). */
  transformGradient?(s: GradientStep): Params;
  /**
   * After the inner loop, outside any tape: constants for `outerTerms` computed from the adapted
   * parameters (e.g. a bootstrapped target). The meta step disposes them.
   */
  prepareOuter?(adapted: Params): Promise<Params | undefined>;
  /** Extra outer-loss terms of the adapted parameters; differentiated like the outer loss. */
  outerTerms?(adapted: Params, prepared: Params | undefined): tf.Scalar | undefined;
}

export interface InnerLoopOptions {
  steps: number;
  /** SGD step size of the inner loop. */
  lr: number;
  hooks?: InnerHooks;
}
