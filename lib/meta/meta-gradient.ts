/**
 * The outer loop's gradient for a meta-batch of tasks, for any functional learner.
 *
 * Second order: for each task, an optional planning pass (`adapt`, outside the tape) fixes the
 * context rows of every inner step and the constants of the outer terms; then
 * `tf.valueAndGrads` differentiates outer(θ_K(θ)) + terms through the unrolled inner loop
 * (`unroll`), Hessian–vector products included. The context choice and the prepared constants
 * thus act as stop-gradients and never sit on the tape, so the step's memory is that of the
 * differentiated loop alone. A method without those hooks (plain MAML) skips the planning pass.
 *
 * First order (FOMAML): θ_K comes from `adapt` (no tape) and the outer gradient is
 * ∇_{θ_K}[outer + terms] evaluated at θ_K, used as the gradient w.r.t. θ — i.e. the Jacobian
 * dθ_K/dθ = Π(I − α·H_k) is replaced by the identity.
 *
 * Tasks run one after another (memory of one task's graph at a time); gradients are averaged.
 */
import * as tf from '@tensorflow/tfjs';
import { adapt, disposeParams, unroll } from './inner-loop.js';
import type { InnerLoopOptions, MetaTask, Params } from './types.js';

export type MetaOrder = 'first' | 'second';

export interface MetaGradientOptions extends InnerLoopOptions {
  order: MetaOrder;
  signal?: AbortSignal;
}

export interface MetaGradient {
  /** Mean over tasks of the outer gradient w.r.t. each meta-parameter; owned by the caller. */
  grads: Params;
  /** Mean outer loss of the adapted parameters (without the extra terms). */
  outerLoss: number;
  /** Mean of the extra outer terms (0 without `outerTerms`). */
  terms: number;
  /** Mean number of context rows per inner step (NaN when every step used every row). */
  meanRows: number;
}

interface TaskGradient {
  grads: tf.Tensor[];
  outer: number;
  terms: number;
}

const zip = (names: string[], ts: tf.Tensor[]): Params => Object.fromEntries(names.map((n, i) => [n, ts[i]!]));

/** value and gradient of outer + terms at `at`, where `through` maps the tape's inputs to θ_K. */
async function outerValueAndGrads(
  task: MetaTask,
  names: string[],
  at: Params,
  o: MetaGradientOptions,
  through: (p: Params) => Params,
  prepared: Params | undefined,
): Promise<TaskGradient> {
  let parts: tf.Tensor[] = [];
  const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
    const adapted = through(zip(names, ts));
    const outer = task.outerLoss ? task.outerLoss(adapted) : task.innerLoss(adapted);
    const extra = (task.hooks ?? o.hooks)?.outerTerms?.(adapted, prepared);
    parts = [tf.keep(outer), ...(extra ? [tf.keep(extra)] : [])];
    return (extra ? tf.add(outer, extra) : outer) as tf.Scalar;
  })(names.map((n) => at[n]!));
  const [outer, terms] = await Promise.all(parts.map(async (t) => (await t.data())[0]!));
  tf.dispose([value, ...parts]);
  return { grads, outer: outer!, terms: terms ?? 0 };
}

async function taskGradient(task: MetaTask, theta: Params, o: MetaGradientOptions): Promise<TaskGradient & { rows: (Int32Array | undefined)[] }> {
  const names = Object.keys(theta);
  const hooks = task.hooks ?? o.hooks;
  if (o.order === 'first') {
    const adapted = await adapt(task, theta, o, o.signal);
    const prepared = await hooks?.prepareOuter?.(adapted.params);
    try {
      return { ...(await outerValueAndGrads(task, names, adapted.params, o, (p) => p, prepared)), rows: adapted.rows };
    } finally {
      disposeParams(adapted.params);
      disposeParams(prepared);
    }
  }
  let rows: (Int32Array | undefined)[] = [];
  let prepared: Params | undefined;
  if (hooks?.selectContext || hooks?.prepareOuter) {
    const planned = await adapt(task, theta, o, o.signal);
    rows = planned.rows;
    try {
      prepared = await hooks.prepareOuter?.(planned.params);
    } finally {
      disposeParams(planned.params);
    }
  }
  try {
    return { ...(await outerValueAndGrads(task, names, theta, o, (p) => unroll(task, p, o, rows), prepared)), rows };
  } finally {
    disposeParams(prepared);
  }
}

export async function metaGradient(theta: Params, tasks: MetaTask[], o: MetaGradientOptions): Promise<MetaGradient> {
  if (!tasks.length) throw new Error('metaGradient needs at least one task');
  const names = Object.keys(theta);
  let sum: tf.Tensor[] | undefined;
  let outer = 0;
  let terms = 0;
  let rowCount = 0;
  let rowSteps = 0;
  for (const task of tasks) {
    o.signal?.throwIfAborted();
    const g = await taskGradient(task, theta, o);
    const prev = sum;
    sum = prev ? g.grads.map((t, i) => tf.add(prev[i]!, t)) : g.grads;
    if (prev) tf.dispose([...prev, ...g.grads]);
    outer += g.outer;
    terms += g.terms;
    for (const r of g.rows) {
      if (r) {
        rowCount += r.length;
        rowSteps++;
      }
    }
  }
  const n = tasks.length;
  const grads = zip(names, sum!.map((t) => tf.div(t, n)));
  tf.dispose(sum!);
  return { grads, outerLoss: outer / n, terms: terms / n, meanRows: rowSteps ? rowCount / rowSteps : NaN };
}
