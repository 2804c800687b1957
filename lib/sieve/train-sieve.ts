/**
 * Feature-sieve training (Tiwari & Shenoy, ICML 2023) on lib/nn's training loop: three
 * parameter groups, each with its own Adam, learning rate and objective, run in this order on
 * every batch —
 *
 *   main    cross-entropy of the model's output        → every model parameter
 *   aux     cross-entropy of the auxiliary head        → the head (and, by default, the lower layers)
 *   forget  cross-entropy of the head to uniform       → the lower layers only, every k-th step
 *
 * `forgetEvery: 0` drops the forget group: the ablation that keeps the head but never sieves.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import type { RandomSource } from '../data/random.js';
import {
  applyMasks,
  batchCount,
  checkModel,
  createOptimizer,
  masksToTensors,
  paramInfos,
  paramsToVariables,
  tensorsToParams,
  trainableParamNames,
  trainLoop,
  type Model,
  type ModelSpec,
  type Optimizer,
  type OptimizerSpec,
  type ParamArrays,
  type ParamGroup,
  type ParamTensors,
  type ParamVariables,
  type Schedule,
  type StepInfo,
} from '../nn/index.js';
import { auxHeadSpec, initAuxHead } from './aux-head.js';
import { reinitHead, warmHead } from './head-reset.js';
import { resolveAuxPoint, type AuxPoint } from './aux-point.js';
import { auxLogits, sieveLosses, type SieveLosses, type SieveNet } from './losses.js';
import { probeLogits, type ProbeResult } from './probe.js';

/** Which parameters the aux step trains (the paper: the head and the layers below it). */
export type AuxUpdates = 'head_and_lower' | 'head';

export interface SieveOptions {
  auxAfter: string;
  auxHidden: number[];
  /** 1×1 convolutions before the head's pooling (see aux-head.ts); default none. */
  auxLocal?: number[];
  /** Global average pooling in the head (see aux-head.ts). */
  auxPool: boolean;
  /** Batch-normalised head input (see aux-head.ts). */
  auxNormalize: boolean;
  auxUpdates: AuxUpdates;
  /**
   * Aux-step updates per batch (default 1). The forget step only defeats the head it is given;
   * a head that lags behind the lower layers is beaten by small moves that leave the label
   * readable to a fresh head, so extra updates keep the head near its best before forgetting.
   */
  auxSteps?: number;
  /** Forget step on steps where step % forgetEvery === 0; 0 for never. */
  forgetEvery: number;
  /** The lower-layer parameters the forget step trains (default all; see ForgetParams). */
  forgetParams?: ForgetParams;
  /**
   * Re-initialise the head (and its optimizer state) after every `auxResetEvery` steps; 0 never
   * (default). Our extension, see head-reset.ts: the forget step then faces a fresh adversary.
   */
  auxResetEvery?: number;
  /** Head-only updates on random training batches right after each reset (default 0). */
  auxWarmup?: number;
  lrMain: Schedule;
  lrAux: Schedule;
  lrForget: Schedule;
  /** Optimizer per step; default Adam for each. */
  optimizers?: Partial<Record<'main' | 'aux' | 'forget', OptimizerSpec>>;
  epochs: number;
  batchSize: number;
  numClasses: number;
  rng: RandomSource;
  signal?: AbortSignal;
  /** Rows the head's accuracy is measured on while training (e.g. a sample of train). */
  probe?: Split;
  /** Steps between probes; 0 probes once per epoch. */
  probeEvery?: number;
  onStep?(info: StepInfo): void;
  onProbe?(step: number, aux: ProbeResult): void | Promise<void>;
  /** After each epoch, with the live parameters (model and head), for the caller's metrics. */
  onEpoch?(epoch: number, meanLoss: number, live: ParamTensors): void | Promise<void>;
}

export interface SieveGroups {
  main: string[];
  aux: string[];
  forget: string[];
}

/**
 * Which lower-layer parameters the forget step trains: `all` (the paper), or `kernels` — the
 * weights of the dense/conv layers only (our extension). With batch norm below the head the
 * normalised features do not depend on a kernel's scale, so a forget step that may only move
 * kernels can make the head uniform only by changing *what* the features encode; one that may
 * also move biases and batch-norm scales/shifts meets the objective by switching the features
 * off (measured on Colored MNIST: the model sits at chance), which erases the shape with the colour.
 */
export type ForgetParams = 'all' | 'kernels';

/** The parameter names each step updates. */
export function sieveGroups(spec: ModelSpec, aux: ModelSpec, point: AuxPoint, updates: AuxUpdates, forget: ForgetParams = 'all'): SieveGroups {
  const head = trainableParamNames(aux);
  const kernels = new Set(paramInfos(spec).filter((p) => p.role === 'kernel').map((p) => p.name));
  return {
    main: trainableParamNames(spec),
    aux: updates === 'head' ? head : [...head, ...point.lowerParams],
    forget: forget === 'kernels' ? point.lowerParams.filter((n) => kernels.has(n)) : point.lowerParams,
  };
}

export interface SieveResult {
  model: Model;
  aux: { arch: ModelSpec; params: ParamArrays };
  point: AuxPoint;
  groups: SieveGroups;
}

/** Everything a sieve run trains: the head, the three objectives and the parameter groups. */
export interface SieveSetup {
  net: SieveNet;
  point: AuxPoint;
  auxParams: ParamArrays;
  names: SieveGroups;
  losses: SieveLosses;
  /** main, aux, then forget (absent when forgetEvery is 0), each with its own optimizer. */
  groups: ParamGroup[];
  /** The aux groups' shared optimizer (a head reset clears its state for the head). */
  auxOptimizer: Optimizer;
}

export type SieveSetupOptions = Pick<
  SieveOptions,
  'auxAfter' | 'auxHidden' | 'auxLocal' | 'auxPool' | 'auxNormalize' | 'auxUpdates' | 'auxSteps' | 'forgetEvery' | 'forgetParams' | 'lrMain' | 'lrAux' | 'lrForget' | 'optimizers' | 'numClasses' | 'rng'
>;

export function setupSieve(spec: ModelSpec, o: SieveSetupOptions): SieveSetup {
  const point = resolveAuxPoint(spec, o.auxAfter);
  const aux = auxHeadSpec({ featureShape: point.featureShape, hidden: o.auxHidden, local: o.auxLocal, pool: o.auxPool, normalize: o.auxNormalize, numClasses: o.numClasses });
  const auxParams = initAuxHead(aux, spec, o.rng);
  const net: SieveNet = { spec, aux, cut: point.cut };
  const losses = sieveLosses(net);
  const names = sieveGroups(spec, aux, point, o.auxUpdates, o.forgetParams);
  const optimizer = (step: 'main' | 'aux' | 'forget') => createOptimizer(o.optimizers?.[step] ?? { type: 'adam' });
  const auxOptimizer = optimizer('aux');
  const groups: ParamGroup[] = [
    { name: 'main', params: names.main, optimizer: optimizer('main'), lr: o.lrMain },
    { name: 'aux', params: names.aux, optimizer: auxOptimizer, lr: o.lrAux, loss: losses.aux },
  ];
  // The loop merges groups that share a loss function into one pass, so each repeat gets its own.
  for (let k = 2; k <= (o.auxSteps ?? 1); k++) {
    groups.push({ name: `aux${k}`, params: names.aux, optimizer: auxOptimizer, lr: o.lrAux, loss: (...a) => losses.aux(...a) });
  }
  if (o.forgetEvery > 0) {
    groups.push({ name: 'forget', params: names.forget, optimizer: optimizer('forget'), lr: o.lrForget, loss: losses.forget, every: o.forgetEvery });
  }
  return { net, point, auxParams, names, losses, groups, auxOptimizer };
}

export async function trainSieve(model: Model, train: Split, o: SieveOptions): Promise<SieveResult> {
  checkModel(model);
  const { net, point, auxParams, names, losses, groups, auxOptimizer } = setupSieve(model.arch, o);
  const vars: ParamVariables = paramsToVariables({ ...model.params, ...auxParams });
  const masks = masksToTensors(model);
  const probe = async (step: number) => {
    if (!o.probe || !o.onProbe) return;
    const r = await probeLogits((x) => auxLogits(net, vars, x, { training: false }), o.probe, model.arch.inputShape);
    await o.onProbe(step, r);
  };
  const headNames = Object.keys(auxParams);
  const resetHead = async (step: number) => {
    reinitHead(vars, net.aux, o.rng);
    auxOptimizer.resetState(headNames);
    const stepsPerEpoch = batchCount(train.n, o.batchSize);
    const lr = o.lrAux({ step, totalSteps: stepsPerEpoch * o.epochs, stepsPerEpoch });
    const head = names.aux.filter((n) => headNames.includes(n));
    const inputShape = model.arch.inputShape;
    await warmHead({ vars, loss: losses.aux, params: head, optimizer: auxOptimizer, lr, steps: o.auxWarmup ?? 0, data: train, inputShape, batchSize: o.batchSize, rng: o.rng });
  };
  try {
    applyMasks(vars, masks);
    await trainLoop({
      vars,
      groups,
      loss: losses.main,
      data: train,
      inputShape: model.arch.inputShape,
      epochs: o.epochs,
      batchSize: o.batchSize,
      rng: o.rng,
      signal: o.signal,
      hooks: {
        afterStep: async (info) => {
          applyMasks(vars, masks);
          if (o.auxResetEvery && (info.step + 1) % o.auxResetEvery === 0) await resetHead(info.step + 1);
          if (o.probeEvery && (info.step + 1) % o.probeEvery === 0) await probe(info.step + 1);
        },
        onProgress: o.onStep,
        onEpochEnd: async (e) => {
          if (!o.probeEvery) await probe((e.epoch + 1) * e.steps);
          await o.onEpoch?.(e.epoch + 1, e.meanLoss, vars);
        },
      },
    });
    const all = await tensorsToParams(vars);
    const pick = (keys: string[]): ParamArrays => Object.fromEntries(keys.map((k) => [k, all[k]!]));
    const trained: Model = { arch: model.arch, params: pick(Object.keys(model.params)) };
    if (model.masks) trained.masks = model.masks;
    if (model.meta) trained.meta = { ...model.meta };
    return { model: trained, aux: { arch: net.aux, params: pick(Object.keys(auxParams)) }, point, groups: names };
  } finally {
    for (const opt of new Set(groups.map((g) => g.optimizer))) opt.dispose();
    tf.dispose(Object.values(vars));
    tf.dispose(Object.values(masks));
  }
}
