/**
 * Optimizers over a record of variables, written out rather than taken from tf.train: weight
 * decay (coupled for SGD, decoupled AdamW or coupled L2 for Adam), a learning rate per call
 * (schedules), and state that can be reset per parameter (pruning/regrowth resets momentum).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamVariables } from './model.js';

export interface Optimizer {
  readonly kind: string;
  /** One update of `vars[name]` for every `grads[name]` given, at learning rate `lr`. */
  apply(vars: ParamVariables, grads: Record<string, tf.Tensor>, lr: number): void;
  /** Zeroes the state (momentum, moments) of the named parameters, or of all. */
  resetState(names?: string[]): void;
  /**
   * Multiplies the state of each named parameter element-wise by its 0/1 mask, so a pruned or
   * newly grown weight carries no stale momentum (dynamic sparse training).
   */
  maskState(masks: Record<string, tf.Tensor>): void;
  dispose(): void;
}

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
  /** L2 penalty added to the gradient (PyTorch's SGD convention). */
  weightDecay?: number;
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  /** true: AdamW (decay applied to the weights, scaled by lr); false: L2 added to the gradient. */
  decoupled?: boolean;
}

export type OptimizerSpec = ({ type: 'sgd' } & SgdOptions) | ({ type: 'adam' } & AdamOptions);

/** Variables holding per-parameter state, created lazily at the first update. */
class Slots {
  private readonly slots = new Map<string, tf.Variable>();
  get(name: string, like: tf.Tensor): tf.Variable {
    let v = this.slots.get(name);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      this.slots.set(name, v);
    }
    return v;
  }
  /** Zeroes the slots of the named parameters (slot keys are `<slot>:<param>`). */
  reset(params?: string[]): void {
    for (const [k, v] of this.slots) {
      if (!params || params.some((p) => k.endsWith(`:${p}`))) tf.tidy(() => v.assign(tf.zerosLike(v)));
    }
  }
  /** Multiplies the slots of each masked parameter by its mask. */
  mask(masks: Record<string, tf.Tensor>): void {
    tf.tidy(() => {
      for (const [k, v] of this.slots) {
        const m = masks[k.slice(k.indexOf(':') + 1)];
        if (m) v.assign(tf.mul(v, m));
      }
    });
  }
  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

export class Sgd implements Optimizer {
  readonly kind = 'sgd';
  private readonly slots = new Slots();
  constructor(private readonly o: SgdOptions = {}) {}

  apply(vars: ParamVariables, grads: Record<string, tf.Tensor>, lr: number): void {
    const { momentum = 0, nesterov = false, weightDecay = 0 } = this.o;
    tf.tidy(() => {
      for (const [name, g0] of Object.entries(grads)) {
        const w = vars[name]!;
        let g = weightDecay ? tf.add(g0, tf.mul(w, weightDecay)) : g0;
        if (momentum) {
          const buf = this.slots.get(`m:${name}`, w);
          buf.assign(tf.add(tf.mul(buf, momentum), g));
          g = nesterov ? tf.add(g, tf.mul(buf, momentum)) : buf;
        }
        w.assign(tf.sub(w, tf.mul(g, lr)));
      }
    });
  }
  resetState(names?: string[]): void {
    this.slots.reset(names);
  }
  maskState(masks: Record<string, tf.Tensor>): void {
    this.slots.mask(masks);
  }
  dispose(): void {
    this.slots.dispose();
  }
}

export class Adam implements Optimizer {
  readonly kind = 'adam';
  private readonly slots = new Slots();
  /** Steps per parameter, for bias correction (parameters may join later, e.g. a second group). */
  private readonly steps = new Map<string, number>();
  constructor(private readonly o: AdamOptions = {}) {}

  apply(vars: ParamVariables, grads: Record<string, tf.Tensor>, lr: number): void {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0, decoupled = true } = this.o;
    tf.tidy(() => {
      for (const [name, g0] of Object.entries(grads)) {
        const w = vars[name]!;
        const t = (this.steps.get(name) ?? 0) + 1;
        this.steps.set(name, t);
        const g = weightDecay && !decoupled ? tf.add(g0, tf.mul(w, weightDecay)) : g0;
        const m = this.slots.get(`m:${name}`, w);
        const v = this.slots.get(`v:${name}`, w);
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const mHat = tf.div(m, 1 - beta1 ** t);
        const vHat = tf.div(v, 1 - beta2 ** t);
        let update = tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon));
        if (weightDecay && decoupled) update = tf.add(update, tf.mul(w, weightDecay));
        w.assign(tf.sub(w, tf.mul(update, lr)));
      }
    });
  }
  resetState(names?: string[]): void {
    this.slots.reset(names);
    for (const n of names ?? [...this.steps.keys()]) this.steps.delete(n);
  }
  maskState(masks: Record<string, tf.Tensor>): void {
    this.slots.mask(masks);
  }
  dispose(): void {
    this.slots.dispose();
    this.steps.clear();
  }
}

export function createOptimizer(spec: OptimizerSpec): Optimizer {
  if (spec.type === 'sgd') return new Sgd(spec);
  if (spec.type === 'adam') return new Adam(spec);
  throw new Error(`unknown optimizer '${(spec as { type: string }).type}'`);
}
