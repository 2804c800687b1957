/**
 * The inner loop: SGD steps on a per-task copy of the parameters, θ_{k+1} = θ_k − α·∇L_k(θ_k).
 *
 * `innerGradient` takes its gradient with `tf.grads`, which records on an enclosing tape when
 * there is one: inside the outer `tf.valueAndGrads` the unrolled loop is therefore
 * differentiated to second order (tfjs supports nested gradients). `adapt` runs the loop outside
 * any tape, step by step, freeing each θ_k; it is the test-time adaptation, the first-order
 * approximation's inner loop, and the planning pass that fixes each step's context rows before
 * the differentiated replay (`unroll`).
 */
import * as tf from '@tensorflow/tfjs';
import type { InnerHooks, InnerLoopOptions, MetaTask, Params } from './types.js';

export function disposeParams(p: Params | undefined): void {
  if (p) for (const t of Object.values(p)) t.dispose();
}

/** ∇ of the task's inner loss on `rows` (all when undefined) w.r.t. every entry of `params`. */
export function innerGradient(task: MetaTask, params: Params, rows?: tf.Tensor1D): Params {
  const names = Object.keys(params);
  const f = (...ts: tf.Tensor[]) => task.innerLoss(Object.fromEntries(names.map((n, i) => [n, ts[i]!])), rows);
  const gs = tf.grads(f)(names.map((n) => params[n]!));
  return Object.fromEntries(names.map((n, i) => [n, gs[i]!]));
}

export function sgdUpdate(params: Params, grads: Params, lr: number): Params {
  return Object.fromEntries(Object.entries(params).map(([n, p]) => [n, tf.sub(p, tf.mul(grads[n]!, lr))]));
}

/** One inner step's update from `params` on `rows`, with the hook's gradient transform. */
function step(task: MetaTask, params: Params, k: number, rows: tf.Tensor1D | undefined, lr: number, hooks: InnerHooks | undefined): Params {
  let grads = innerGradient(task, params, rows);
  if (hooks?.transformGradient) {
    grads = hooks.transformGradient({ step: k, params, rows, grads, gradOn: (r) => innerGradient(task, params, r) });
  }
  return sgdUpdate(params, grads, lr);
}

export interface Adapted {
  /** θ_K, owned by the caller (dispose with disposeParams). */
  params: Params;
  /** The rows each step used (undefined: all), as chosen by `selectContext`. */
  rows: (Int32Array | undefined)[];
}

/**
 * Runs the inner loop outside any gradient tape (asynchronously, one step at a time, each θ_k
 * freed once θ_{k+1} exists). `params` is left untouched.
 */
export async function adapt(task: MetaTask, params: Params, o: InnerLoopOptions, signal?: AbortSignal): Promise<Adapted> {
  const hooks = task.hooks ?? o.hooks;
  let p = params;
  const rows: (Int32Array | undefined)[] = [];
  for (let k = 0; k < o.steps; k++) {
    signal?.throwIfAborted();
    const chosen = await hooks?.selectContext?.(k, p);
    rows.push(chosen);
    const next = tf.tidy(() => step(task, p, k, chosen && tf.tensor1d(chosen, 'int32'), o.lr, hooks));
    if (p !== params) disposeParams(p);
    p = next;
  }
  return { params: p === params ? tf.tidy(() => Object.fromEntries(Object.entries(p).map(([n, t]) => [n, tf.clone(t)]))) : p, rows };
}

/**
 * The same loop as ops only (synchronous, nothing freed), for use inside a gradient tape: with
 * `rows` fixed by a planning pass, the tape sees exactly the computation `adapt` did. Only the
 * `transformGradient` hook applies here (the rows are given).
 */
export function unroll(task: MetaTask, params: Params, o: InnerLoopOptions, rows: readonly (Int32Array | undefined)[] = []): Params {
  const transform = (task.hooks ?? o.hooks)?.transformGradient;
  const hooks = transform ? { transformGradient: transform } : undefined;
  let p = params;
  for (let k = 0; k < o.steps; k++) {
    const r = rows[k];
    p = step(task, p, k, r && tf.tensor1d(r, 'int32'), o.lr, hooks);
  }
  return p;
}
