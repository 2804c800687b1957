/**
 * The CROWN-IBP training loss (Zhang et al. 2020), as a LossFn for lib/nn's training loop:
 *
 *   L = κ·CE(z(x), y) + (1 − κ)·CE(−m̲, y),   m̲ = β·m̲_CROWN-IBP + (1 − β)·m̲_IBP
 *
 * where m̲ are lower bounds of the margins z_y − z_j over the eps-ball (IBP bounds for every
 * relu; the CROWN-IBP term adds one backward pass from the margins). During the ramp (epochs
 * `ramp.from`..`ramp.to`) eps grows linearly from 0 to its target, and β and κ move linearly
 * from their start to their end values; before the ramp eps is 0 and the loss is the plain
 * cross-entropy (at eps = 0 the margin bounds are exact, so CE(−m̲) = CE(z)). Everything is
 * differentiable in the parameters except the relu's adaptive lower slope (a step).
 *
 * `crown_ibp(eps: 0.1, ramp: 2..10, beta: 1 -> 0, kappa: 1 -> 0, domain: [0, 1], norm: linf)`
 */
import * as tf from '@tensorflow/tfjs';
import {
  forward,
  isArrowValue,
  OptionValueError,
  softmaxCrossEntropy,
  standardLosses,
  type LossContext,
  type LossFactory,
  type LossFn,
  type LossRegistry,
  type ModelSpec,
} from '../nn/index.js';
import { UnsupportedLayerError } from './errors.js';
import { ibpBounds } from './ibp.js';
import { disposeInterval, inputBox, UNIT_DOMAIN, type Domain } from './interval.js';
import { backwardMargins, foldedMargins, marginSpec } from './margins.js';
import { checkBoundable } from './network.js';

export interface CrownIbpOptions {
  eps: number;
  /** In epochs; undefined: from 0 to half of training. */
  ramp?: { from: number; to: number };
  beta: [number, number];
  kappa: [number, number];
  domain: Domain;
}

const KWARGS = ['eps', 'ramp', 'beta', 'kappa', 'domain', 'norm'];

function isRangeValue(v: unknown): v is { $kind: 'range'; from: unknown; to: unknown } {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'range';
}

function number(v: unknown, path: (string | number)[], what: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new OptionValueError(`${what} must be a number ${range}, got ${JSON.stringify(v)}`, path);
  }
  return v;
}

/** A constant or `start -> end` over the ramp, each in [0, 1]. */
function endpoints(v: unknown, name: string, fallback: [number, number]): [number, number] {
  if (v === undefined) return fallback;
  if (isArrowValue(v)) return [number(v.from, ['kwargs', name, 'from'], name, 0, 1), number(v.to, ['kwargs', name, 'to'], name, 0, 1)];
  const c = number(v, ['kwargs', name], name, 0, 1);
  return [c, c];
}

/** Reads `crown_ibp(...)`'s arguments; throws OptionValueError with a path into the call. */
export function parseCrownIbp(args: unknown[], kwargs: Record<string, unknown>): CrownIbpOptions {
  for (const k of Object.keys(kwargs)) {
    if (!KWARGS.includes(k)) throw new OptionValueError(`crown_ibp has no option '${k}'`, ['kwargs', k], `options: ${KWARGS.join(', ')}`);
  }
  if (args.length > 1) throw new OptionValueError('crown_ibp takes at most one positional argument (eps)', ['args', 1]);
  if (args.length && kwargs.eps !== undefined) throw new OptionValueError('eps is given twice', ['kwargs', 'eps']);
  const epsValue = args.length ? args[0] : kwargs.eps;
  if (epsValue === undefined) throw new OptionValueError('crown_ibp needs eps, the radius of the L∞ ball', [], 'e.g. crown_ibp(eps: 0.1, ramp: 2..10)');
  const eps = number(epsValue, args.length ? ['args', 0] : ['kwargs', 'eps'], 'eps', 0);
  if (kwargs.norm !== undefined && kwargs.norm !== 'linf') {
    throw new OptionValueError(`norm '${String(kwargs.norm)}' is not supported`, ['kwargs', 'norm'], 'only linf (the L∞ ball)');
  }
  let ramp: CrownIbpOptions['ramp'];
  const r = kwargs.ramp;
  if (isRangeValue(r)) {
    ramp = { from: number(r.from, ['kwargs', 'ramp', 'from'], 'the ramp start', 0), to: number(r.to, ['kwargs', 'ramp', 'to'], 'the ramp end', 0) };
    if (ramp.to < ramp.from) throw new OptionValueError('the ramp ends before it starts', ['kwargs', 'ramp'], 'write start..end in epochs, e.g. 2..10');
  } else if (r !== undefined) {
    ramp = { from: 0, to: number(r, ['kwargs', 'ramp'], 'ramp (in epochs, or start..end)', 0) };
  }
  let domain: Domain = UNIT_DOMAIN;
  if (kwargs.domain !== undefined) {
    const d = kwargs.domain;
    if (!Array.isArray(d) || d.length !== 2 || typeof d[0] !== 'number' || typeof d[1] !== 'number' || !(d[0] < d[1])) {
      throw new OptionValueError('domain must be [low, high] with low < high', ['kwargs', 'domain']);
    }
    domain = [d[0], d[1]];
  }
  return { eps, ...(ramp ? { ramp } : {}), beta: endpoints(kwargs.beta, 'beta', [1, 0]), kappa: endpoints(kwargs.kappa, 'kappa', [1, 0]), domain };
}

/** Where in the ramp a step is: 0 before it, 1 after it. */
export function rampProgress(o: CrownIbpOptions, ctx: Pick<LossContext, 'step' | 'totalSteps' | 'stepsPerEpoch'>): number {
  const spe = Math.max(1, ctx.stepsPerEpoch);
  const from = (o.ramp?.from ?? 0) * spe;
  const to = o.ramp ? o.ramp.to * spe : ctx.totalSteps / 2;
  if (to <= from) return ctx.step >= from ? 1 : 0;
  return Math.min(1, Math.max(0, (ctx.step - from) / (to - from)));
}

/** eps, β and κ at a step. */
export function rampValues(o: CrownIbpOptions, ctx: Pick<LossContext, 'step' | 'totalSteps' | 'stepsPerEpoch'>): { eps: number; beta: number; kappa: number } {
  const p = rampProgress(o, ctx);
  const lerp = ([a, b]: [number, number]) => a + (b - a) * p;
  return { eps: o.eps * p, beta: lerp(o.beta), kappa: lerp(o.kappa) };
}

/** The loss for a model; throws OptionValueError (naming the layer) if it cannot be bounded. */
export function crownIbpLoss(spec: ModelSpec, numClasses: number, o: CrownIbpOptions): LossFn {
  try {
    checkBoundable(spec, o.beta[0] > 0 || o.beta[1] > 0 ? 'crown' : 'ibp');
  } catch (e) {
    if (e instanceof UnsupportedLayerError) throw new OptionValueError(`crown_ibp cannot bound this model: ${e.message}`, [], e.hint);
    throw e;
  }
  const loss: LossFn = (params, x, y, ctx) =>
    tf.tidy(() => {
      const { eps, beta, kappa } = rampValues(o, ctx);
      const clean = softmaxCrossEntropy(forward(spec, params, x, { training: ctx.training, seed: ctx.seed }), y);
      if (eps === 0 || kappa === 1) return clean;
      const box = inputBox(x, eps, o.domain);
      const bounds = ibpBounds(spec, params, box);
      const C = marginSpec(y, numClasses);
      let lower = foldedMargins(spec, params, bounds, C, false).lower;
      if (beta > 0) lower = tf.add(tf.mul(backwardMargins(spec, params, bounds, C, false).lower, beta), tf.mul(lower, 1 - beta));
      const robust = softmaxCrossEntropy(tf.neg(lower), y);
      for (const b of bounds) disposeInterval(b);
      return tf.add(tf.mul(clean, kappa), tf.mul(robust, 1 - kappa)) as tf.Scalar;
    });
  loss.inputDomain = o.domain;
  return loss;
}

export const crownIbpFactory: LossFactory = ({ args, kwargs }, { spec, numClasses }) => crownIbpLoss(spec, numClasses, parseCrownIbp(args, kwargs));

/** The standard losses plus `crown_ibp`: the registry to hand to train and sparsify stages. */
export const robustLosses: LossRegistry = { ...standardLosses, crown_ibp: crownIbpFactory };
