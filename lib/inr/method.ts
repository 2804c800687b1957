/**
 * A context-pruning meta-learning method for signals, as lib/meta hooks. With keep = 1, no
 * bootstrap and no rescaling it is MAML for INRs (full context in every inner step); ECoP /
 * GradNCP switches on the three parts, each independently (the ablation):
 * - pruning: each inner step keeps the top `keep` fraction of points by ‖e‖·√(‖φ‖² + 1);
 * - bootstrap: λ·d(θ_K, stopgrad(θ_boot)) joins the outer loss, θ_boot = θ_K after more
 *   full-context steps;
 * - rescaling: test-time steps on the full context with the pruned gradient's norm.
 */
import * as tf from '@tensorflow/tfjs';
import type { InnerHooks, MetaOrder, MetaTask } from '../meta/index.js';
import { bootstrapTarget, paramDistance, type BootDistance } from './bootstrap.js';
import { selectByScore } from './pruning.js';
import { rescaleGradient } from './rescale.js';
import type { SignalTask } from './task.js';

export interface BootstrapOptions {
  steps: number;
  lr: number;
  lambda: number;
  distance: BootDistance;
}

export interface InrMethod {
  innerSteps: number;
  innerLr: number;
  order: MetaOrder;
  /** Fraction of the context each inner step keeps; 1 is the full context. */
  keep: number;
  bootstrap?: BootstrapOptions;
  /** Test-time gradient rescaling (meaningful with keep < 1). */
  rescale: boolean;
  /** Test-time adaptation steps (the inner steps when absent). */
  testSteps?: number;
}

/** Pruning by score at the current parameters; undefined when the full context is kept. */
function pruning(t: SignalTask, keep: number): InnerHooks['selectContext'] {
  return keep < 1 ? (_step, params) => selectByScore(t.spec, params, t.coords, t.target, keep) : undefined;
}

/** Hooks of the meta-training inner loop of `task` (undefined for plain MAML). */
export function trainingHooks(task: SignalTask, m: InrMethod, signal?: AbortSignal): InnerHooks | undefined {
  const select = pruning(task, m.keep);
  const boot = m.bootstrap;
  if (!select && !boot) return undefined;
  const hooks: InnerHooks = {};
  if (select) hooks.selectContext = select;
  if (boot) {
    // The task's loss without its hooks: the bootstrap continues on the full context.
    const full: MetaTask = { innerLoss: task.innerLoss };
    hooks.prepareOuter = (adapted) => bootstrapTarget(full, adapted, boot.steps, boot.lr, signal);
    hooks.outerTerms = (adapted, target) => tf.mul(paramDistance(adapted, target!, boot.distance), boot.lambda) as tf.Scalar;
  }
  return hooks;
}

/** Hooks of test-time adaptation: full context, rescaled to the pruned gradient's norm when on. */
export function testHooks(task: SignalTask, m: InrMethod): InnerHooks | undefined {
  const select = pruning(task, m.keep);
  if (!select || !m.rescale) return undefined;
  return { selectContext: select, transformGradient: (s) => rescaleGradient(s.gradOn(undefined), s.grads) };
}
