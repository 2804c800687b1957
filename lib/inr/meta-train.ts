/**
 * Meta-training a SIREN initialisation over signals: each outer step draws a meta-batch of
 * meta-train signals, takes lib/meta's outer gradient with the method's hooks (MAML or ECoP),
 * clips it by global norm and applies Adam to the shared initialisation. One step (the second,
 * when Adam's state already exists) is run under the peak-memory probe; the others are timed.
 */
import * as tf from '@tensorflow/tfjs';
import { permutation, type RandomSource } from '../data/index.js';
import { clipByGlobalNorm, measurePeakBytes, metaGradient, type MetaTask, type Params } from '../meta/index.js';
import { Adam, paramsToVariables, tensorsToParams, type ParamArrays } from '../nn/index.js';
import { gridCoords } from './grid.js';
import { trainingHooks, type InrMethod } from './method.js';
import { signalPoints, signalValues, type SignalSet } from './signals.js';
import type { SirenModel } from './siren.js';
import { signalTask } from './task.js';

export interface MetaTrainOptions {
  outerSteps: number;
  outerLr: number;
  metaBatch: number;
  /** Global-norm clip of the outer gradient; 0 turns it off. */
  clip: number;
  rng: RandomSource;
  signal?: AbortSignal;
  onStep?(s: OuterStep): void;
}

export interface OuterStep {
  step: number;
  outerLoss: number;
  terms: number;
  /** Mean context rows per inner step (NaN: full context). */
  meanRows: number;
}

export interface MetaTrainResult {
  params: ParamArrays;
  /** Peak tensor bytes of one outer step above the resident ones (see lib/meta/memory.ts). */
  peakBytes: number;
  residentBytes: number;
  /** Median wall time of an outer step (the probed step excluded), ms. */
  msPerStep: number;
  losses: number[];
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

/** Endless seeded epochs over 0..n-1, `size` at a time. */
function batches(n: number, size: number, rng: RandomSource): () => number[] {
  let order = permutation(n, rng);
  let at = 0;
  return () =>
    Array.from({ length: size }, () => {
      if (at === n) {
        order = permutation(n, rng);
        at = 0;
      }
      return order[at++]!;
    });
}

export async function metaTrainSiren(model: SirenModel, set: SignalSet, m: InrMethod, o: MetaTrainOptions): Promise<MetaTrainResult> {
  const spec = model.arch;
  const points = signalPoints(set);
  const train = set.splits.train;
  const vars = paramsToVariables(model.params);
  const coords = tf.tensor2d(gridCoords(set.grid[0], set.grid[1]), [points, 2]);
  const adam = new Adam();
  const next = batches(train.n, o.metaBatch, o.rng);
  const probeAt = Math.min(1, o.outerSteps - 1);
  const times: number[] = [];
  const losses: number[] = [];
  let peak = { peakBytes: 0, residentBytes: 0 };
  try {
    for (let step = 0; step < o.outerSteps; step++) {
      o.signal?.throwIfAborted();
      const targets = next().map((i) => tf.tensor2d(signalValues(set, train, i), [points, set.channels]));
      const tasks: MetaTask[] = targets.map((t) => {
        const task = signalTask(spec, coords, t);
        const hooks = trainingHooks(task, m, o.signal);
        return hooks ? { ...task, hooks } : task;
      });
      const outerStep = async () => {
        const g = await metaGradient(vars as Params, tasks, { steps: m.innerSteps, lr: m.innerLr, order: m.order, ...(o.signal ? { signal: o.signal } : {}) });
        const clipped = o.clip > 0 ? clipByGlobalNorm(g.grads, o.clip) : g.grads;
        adam.apply(vars, clipped, o.outerLr);
        tf.dispose(Object.values(g.grads));
        if (clipped !== g.grads) tf.dispose(Object.values(clipped));
        return g;
      };
      let g;
      try {
        if (step === probeAt) {
          const measured = await measurePeakBytes(outerStep);
          g = measured.result;
          peak = measured;
        } else {
          const t0 = performance.now();
          g = await outerStep();
          times.push(performance.now() - t0);
        }
      } finally {
        tf.dispose(targets);
      }
      losses.push(g.outerLoss);
      o.onStep?.({ step, outerLoss: g.outerLoss, terms: g.terms, meanRows: g.meanRows });
    }
    return { params: await tensorsToParams(vars), peakBytes: peak.peakBytes, residentBytes: peak.residentBytes, msPerStep: median(times), losses };
  } finally {
    tf.dispose([coords, ...Object.values(vars)]);
    adam.dispose();
  }
}
