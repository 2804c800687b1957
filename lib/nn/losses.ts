/**
 * Training losses by name. A registry is a plain record passed explicitly to whoever resolves a
 * `loss:` option (no global registration), so another module adds e.g. `crown_ibp` by spreading
 * `{ ...standardLosses, crown_ibp }` into the registry it hands to the train stages.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoopBatch } from './batches.js';
import { isCallValue, OptionValueError } from './call-value.js';
import { valueRange } from '../data/value-range.js';
import { forward } from './forward.js';
import type { ParamTensors } from './model.js';
import type { ModelSpec } from './spec.js';

/** Where in training a loss is evaluated: for ramps (eps schedules) and dropout seeds. */
export interface LossContext {
  training: boolean;
  /** Seed for this step's randomness (dropout). */
  seed?: number;
  epoch: number;
  /** Optimizer steps done before this one. */
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
}

/**
 * Mean loss over a batch; `y` holds int32 class labels. `batch` is the whole batch `x` and `y`
 * came from, for losses that read more than inputs and labels (graph structure).
 */
export type LossFn = ((params: ParamTensors, x: tf.Tensor, y: tf.Tensor, ctx: LossContext, batch?: LoopBatch) => tf.Scalar) & {
  /**
   * The input range the loss assumes (crown_ibp clips its eps-ball to it). A training stage checks
   * its data against it before training: inputs outside would make the loss silently wrong.
   */
  inputDomain?: readonly [number, number];
};

export interface LossSetup {
  spec: ModelSpec;
  numClasses: number;
}

/** Builds a loss from the call's arguments (`cross_entropy(label_smoothing: 0.1)`). */
export type LossFactory = (args: { args: unknown[]; kwargs: Record<string, unknown> }, setup: LossSetup) => LossFn;

export type LossRegistry = Readonly<Record<string, LossFactory>>;

/**
 * Mean softmax cross-entropy of logits against int labels, with optional label smoothing
 * (targets (1 - s)·onehot + s/K).
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, smoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape.at(-1)!;
    let target: tf.Tensor = tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, k);
    if (smoothing > 0) target = tf.add(tf.mul(target, 1 - smoothing), smoothing / k);
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

const crossEntropy: LossFactory = ({ args, kwargs }, { spec }) => {
  for (const k of Object.keys(kwargs)) {
    if (k !== 'label_smoothing') {
      throw new OptionValueError(`cross_entropy has no option '${k}'`, ['kwargs', k], 'options: label_smoothing');
    }
  }
  if (args.length) throw new OptionValueError('cross_entropy takes named options only', ['args', 0]);
  const s = kwargs.label_smoothing ?? 0;
  if (typeof s !== 'number' || !(s >= 0 && s < 1)) {
    throw new OptionValueError('label_smoothing must be in [0, 1)', ['kwargs', 'label_smoothing']);
  }
  return (params, x, y, ctx) =>
    tf.tidy(() => softmaxCrossEntropy(forward(spec, params, x, { training: ctx.training, seed: ctx.seed }), y, s));
};

export const standardLosses: LossRegistry = { cross_entropy: crossEntropy };

/** A loss from a `loss:` option value: a name or a call; throws OptionValueError. */
export function resolveLoss(value: unknown, registry: LossRegistry, setup: LossSetup): LossFn {
  const name = typeof value === 'string' ? value : isCallValue(value) ? value.name : undefined;
  if (name === undefined) throw new OptionValueError(`expected a loss name or call, got ${JSON.stringify(value)}`);
  const factory = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!factory) {
    const hint = `known losses: ${Object.keys(registry).join(', ')}`;
    throw new OptionValueError(`unknown loss '${name}'`, isCallValue(value) ? ['name'] : [], hint);
  }
  return factory(isCallValue(value) ? { args: value.args, kwargs: value.kwargs } : { args: [], kwargs: {} }, setup);
}

/** The smallest and largest input value when some lie outside the loss's `inputDomain`, else undefined. */
export function outsideLossDomain(loss: LossFn, x: ArrayLike<number>): [number, number] | undefined {
  const d = loss.inputDomain;
  if (!d) return undefined;
  const [lo, hi] = valueRange(x);
  return lo < d[0] || hi > d[1] ? [lo, hi] : undefined;
}
