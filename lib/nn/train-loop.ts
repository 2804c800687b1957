/**
 * The training loop: epochs × seeded mini-batches, one or more parameter groups each with its
 * own optimizer, schedule, and optionally its own loss and cadence (a "forget" step every k
 * steps), and hooks where sparse training, gradient-reading methods and reporting plug in.
 *
 * Per step, groups that share a loss share one gradient pass; passes run in group order, each
 * after the previous one's update. The loss is read before its update is applied, so a NaN
 * never reaches the weights. Epoch and step indices are 0-based (`epoch` = epochs completed).
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import type { RandomSource } from '../data/random.js';
import { batchCount, epochBatches, splitSource, type BatchSource, type LoopBatch } from './batches.js';
import type { LossContext, LossFn } from './losses.js';
import type { ParamVariables } from './model.js';
import type { Optimizer } from './optimizers.js';
import type { Schedule } from './schedules.js';

export interface ParamGroup {
  name: string;
  /** Keys into the loop's `vars`. */
  params: string[];
  optimizer: Optimizer;
  lr: Schedule;
  /** Its own objective (default: the loop's `loss`). */
  loss?: LossFn;
  /** Updates only on steps where step % every === 0. Default 1. */
  every?: number;
}

export interface StepContext {
  epoch: number;
  stepInEpoch: number;
  /** Global index of this step. */
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
}

export interface StepInfo extends StepContext {
  /** This step's loss (the loop's loss, or the first pass's when no group uses it). */
  loss: number;
  /** Mean of `loss` over the epoch so far. */
  runningLoss: number;
  /** Learning rate used per group name (groups that did not update are absent). */
  lrs: Record<string, number>;
}

export interface EpochInfo {
  epoch: number;
  meanLoss: number;
  steps: number;
}

export interface TrainHooks {
  /**
   * Sees the gradients of one pass before its optimizers do and may return replacements.
   * Runs synchronously inside tf.tidy: tensors it creates are freed after the update unless
   * it `tf.keep`s them (to read them later, e.g. in `afterStep`).
   */
  transformGrads?(grads: Record<string, tf.Tensor>, ctx: StepContext, groups: string[]): Record<string, tf.Tensor> | void;
  /** After all updates of a step (re-apply masks here, so pruned weights stay exactly 0). */
  afterStep?(info: StepInfo): void | Promise<void>;
  onProgress?(info: StepInfo): void;
  onEpochEnd?(info: EpochInfo): void | Promise<void>;
}

export interface TrainLoopOptions {
  vars: ParamVariables;
  groups: ParamGroup[];
  loss: LossFn;
  /** The examples: rows of `data` shaped `inputShape`, or any other `source` of batches. */
  data?: Split;
  inputShape?: number[];
  source?: BatchSource;
  epochs: number;
  batchSize: number;
  dropLast?: boolean;
  /** Shuffles and dropout seeds. */
  rng: RandomSource;
  signal?: AbortSignal;
  hooks?: TrainHooks;
}

export interface TrainResult {
  epochs: EpochInfo[];
  steps: number;
}

export class NonFiniteLossError extends Error {
  /** The kernel's code for a numeric blow-up (reported as such, not as a crash). */
  readonly code = 'NON_FINITE';
  constructor(
    readonly value: number,
    readonly ctx: StepContext,
  ) {
    super(
      `loss became ${value} at epoch ${ctx.epoch + 1}, step ${ctx.stepInEpoch + 1} of ${ctx.stepsPerEpoch} ` +
        `(step ${ctx.step + 1} overall); try a lower learning rate`,
    );
    this.name = 'NonFiniteLossError';
  }
}

function checkGroups(o: TrainLoopOptions): void {
  if (!o.groups.length) throw new Error('training needs at least one parameter group');
  for (const g of o.groups) {
    const missing = g.params.filter((p) => !o.vars[p]);
    if (missing.length) throw new Error(`group '${g.name}' names unknown parameters: ${missing.join(', ')}`);
    if (!g.params.length) throw new Error(`group '${g.name}' has no parameters`);
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One gradient pass for `groups` (which share `loss`); returns the loss value. */
async function pass(
  o: TrainLoopOptions,
  loss: LossFn,
  groups: ParamGroup[],
  batch: LoopBatch,
  lossCtx: LossContext,
  ctx: StepContext,
  lrs: Record<string, number>,
): Promise<number> {
  const names = [...new Set(groups.flatMap((g) => g.params))];
  const byTfName = new Map(names.map((n) => [o.vars[n]!.name, n]));
  const { value, grads: tfGrads } = tf.variableGrads(() => loss(o.vars, batch.x, batch.y, lossCtx, batch), names.map((n) => o.vars[n]!));
  const grads: Record<string, tf.Tensor> = {};
  for (const [k, g] of Object.entries(tfGrads)) if (g) grads[byTfName.get(k)!] = g;
  try {
    const v = (await value.data())[0]!;
    if (!Number.isFinite(v)) throw new NonFiniteLossError(v, ctx);
    tf.tidy(() => {
      const g = o.hooks?.transformGrads?.(grads, ctx, groups.map((x) => x.name)) ?? grads;
      const time = { step: ctx.step, totalSteps: ctx.totalSteps, stepsPerEpoch: ctx.stepsPerEpoch };
      for (const group of groups) {
        const lr = group.lr(time);
        lrs[group.name] = lr;
        const mine: Record<string, tf.Tensor> = {};
        for (const p of group.params) if (g[p]) mine[p] = g[p];
        group.optimizer.apply(o.vars, mine, lr);
      }
    });
    return v;
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}

function batchSource(o: TrainLoopOptions): BatchSource {
  if (o.source) return o.source;
  if (!o.data || !o.inputShape) throw new Error('training needs data and inputShape, or a batch source');
  return splitSource(o.data, o.inputShape);
}

export async function trainLoop(o: TrainLoopOptions): Promise<TrainResult> {
  checkGroups(o);
  const source = batchSource(o);
  const stepsPerEpoch = batchCount(source.n, o.batchSize, o.dropLast);
  if (stepsPerEpoch < 1) throw new Error(`${source.n} examples make no batch of ${o.batchSize}`);
  const totalSteps = stepsPerEpoch * o.epochs;
  const epochs: EpochInfo[] = [];
  let step = 0;
  let lastYield = performance.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let sum = 0;
    const batches = epochBatches(source.n, o.batchSize, o.rng, o.dropLast);
    for (let i = 0; i < batches.length; i++) {
      o.signal?.throwIfAborted();
      const ctx: StepContext = { epoch, stepInEpoch: i, step, totalSteps, stepsPerEpoch };
      const lossCtx: LossContext = { training: true, seed: o.rng.nextSeed(), epoch, step, totalSteps, stepsPerEpoch };
      const active = o.groups.filter((g) => step % (g.every ?? 1) === 0);
      const byLoss = new Map<LossFn, ParamGroup[]>();
      for (const g of active) byLoss.set(g.loss ?? o.loss, [...(byLoss.get(g.loss ?? o.loss) ?? []), g]);
      const batch = source.make(batches[i]!);
      const lrs: Record<string, number> = {};
      let stepLoss: number | undefined;
      try {
        for (const [loss, groups] of byLoss) {
          const v = await pass(o, loss, groups, batch, lossCtx, ctx, lrs);
          if (loss === o.loss || stepLoss === undefined) stepLoss = v;
        }
      } finally {
        tf.dispose([batch.x, batch.y, ...Object.values(batch.extra ?? {})]);
      }
      sum += stepLoss ?? 0;
      const info: StepInfo = { ...ctx, loss: stepLoss ?? NaN, runningLoss: sum / (i + 1), lrs };
      await o.hooks?.afterStep?.(info);
      o.hooks?.onProgress?.(info);
      step++;
      // Reads on cpu/wasm resolve as microtasks; let timers and I/O (event streams) run.
      if (performance.now() - lastYield > 25) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const info: EpochInfo = { epoch, meanLoss: sum / batches.length, steps: batches.length };
    epochs.push(info);
    await o.hooks?.onEpochEnd?.(info);
  }
  return { epochs, steps: step };
}
