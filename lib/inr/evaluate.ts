/**
 * Meta-test evaluation: adapt the learned initialisation to each meta-test signal with the
 * method's test-time rule (full context; gradient rescaling when on) and measure PSNR on the
 * whole signal, before and after adaptation. Returns the first reconstructions for figures.
 */
import * as tf from '@tensorflow/tfjs';
import { adapt, disposeParams, type Params } from '../meta/index.js';
import { paramsToTensors } from '../nn/index.js';
import { gridCoords } from './grid.js';
import { testHooks, type InrMethod } from './method.js';
import { psnr } from './psnr.js';
import { signalPoints, signalValues, type SignalSet, type SignalSplit } from './signals.js';
import { sirenForward, type SirenModel } from './siren.js';
import { signalTask } from './task.js';

export interface InrEvaluation {
  /** Mean PSNR (dB) after test-time adaptation. */
  psnr: number;
  /** Mean PSNR of the initialisation itself (no adaptation). */
  psnrInit: number;
  perSignal: number[];
  /** Reconstructions of the first `show` signals, [points · channels] each. */
  reconstructions: Float32Array[];
}

async function predict(model: SirenModel, params: Params, coords: tf.Tensor2D): Promise<Float32Array> {
  const out = tf.tidy(() => sirenForward(model.arch, params, coords).out);
  try {
    return new Float32Array(await out.data());
  } finally {
    out.dispose();
  }
}

export async function evaluateSiren(
  model: SirenModel,
  set: SignalSet,
  m: InrMethod,
  o: { split?: SignalSplit; limit?: number; show?: number; signal?: AbortSignal } = {},
): Promise<InrEvaluation> {
  const split = o.split ?? set.splits.test;
  const n = Math.min(split.n, o.limit ?? split.n);
  const points = signalPoints(set);
  const coords = tf.tensor2d(gridCoords(set.grid[0], set.grid[1]), [points, 2]);
  const init = paramsToTensors(model.params);
  const perSignal: number[] = [];
  const initPsnr: number[] = [];
  const reconstructions: Float32Array[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const exact = signalValues(set, split, i);
      const target = tf.tensor2d(exact, [points, set.channels]);
      try {
        const plain = signalTask(model.arch, coords, target);
        const task = signalTask(model.arch, coords, target, testHooks(plain, m));
        const adapted = await adapt(task, init, { steps: m.testSteps ?? m.innerSteps, lr: m.innerLr }, o.signal);
        const recon = await predict(model, adapted.params, coords);
        disposeParams(adapted.params);
        perSignal.push(psnr(recon, exact));
        initPsnr.push(psnr(await predict(model, init, coords), exact));
        if (i < (o.show ?? 0)) reconstructions.push(recon);
      } finally {
        target.dispose();
      }
    }
  } finally {
    tf.dispose([coords, ...Object.values(init)]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { psnr: mean(perSignal), psnrInit: mean(initPsnr), perSignal, reconstructions };
}
