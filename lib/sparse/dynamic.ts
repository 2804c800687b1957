/**
 * Masks that change while a network trains: gradual magnitude pruning (gmp), SET and RigL.
 * A `DynamicSparsity` owns the current masks and hands out training hooks for lib/nn's `fit`
 * (or `trainLoop`); it does not care what the loss is, so another training objective (a
 * certified-robust loss, say) reuses it unchanged:
 *
 *   const ds = new DynamicSparsity({ method: { kind: 'rigl', ... }, targets, rng });
 *   const start = ds.start(model);                      // sparse start (SET/RigL) or dense (GMP)
 *   const { model: trained } = await fit(start, train, { ...opts, hooks: (live) => ds.hooks(live) });
 *   trained.masks = ds.masks();
 *
 * Per step: gradients of pruned weights are masked to zero before the optimizer sees them (no
 * momentum builds up for them); after the step the masks are applied again, so a pruned weight
 * is exactly 0 whatever the optimizer's weight decay does. After an update step the new masks are
 * computed in plain JS from the weights (and, for RigL, the step's dense gradients), newly
 * grown weights start at 0, and the optimizer's state is zeroed where a weight was pruned or grown.
 */
import * as tf from '@tensorflow/tfjs';
import { applyMasks, type FitHooks, type Model, type Optimizer, type ParamVariables } from '../nn/index.js';
import type { RandomSource } from '../data/random.js';
import { allocate, keepCounts, type Allocation } from './allocation.js';
import { applyMaskArrays, magnitudeMasks, type Masks, type Scope } from './magnitude.js';
import { pruneRegrow, randomMask } from './prune-regrow.js';
import { cubicSparsity, dropFractionAt, isPruneStep, isUpdateStep, type CubicSchedule, type UpdateSchedule } from './schedules.js';
import { countOnes } from './select.js';
import type { PruneTarget } from './targets.js';

export type DynamicMethod =
  | { kind: 'gmp'; schedule: CubicSchedule; scope: Scope; allocation: Allocation }
  | { kind: 'set' | 'rigl'; density: number; allocation: Allocation; update: UpdateSchedule };

export interface DynamicOptions {
  method: DynamicMethod;
  targets: PruneTarget[];
  rng: RandomSource;
  /** Called after each mask change with the step and the overall sparsity of the targets. */
  onUpdate?(step: number, sparsity: number): void;
}

export class DynamicSparsity {
  private current: Masks = {};
  private tensors: Record<string, tf.Tensor> = {};
  private captured: Record<string, tf.Tensor> = {};
  private stepsPerEpoch = 1;

  constructor(private readonly o: DynamicOptions) {}

  /**
   * The model training starts from: GMP starts dense (or at the schedule's initial sparsity);
   * SET and RigL start from a random mask at the allocated densities, pruned weights zeroed.
   */
  start(model: Model): Model {
    const { method, targets } = this.o;
    if (method.kind === 'gmp') {
      if (method.schedule.initial > 0) {
        this.current = this.magnitude(model.params, 1 - method.schedule.initial);
      } else {
        this.current = {};
      }
    } else {
      const keep = keepCounts(targets, allocate(method.allocation, targets, method.density));
      this.current = Object.fromEntries(targets.map((t) => [t.name, randomMask(t.size, keep[t.name]!, () => this.o.rng.next())]));
    }
    const { masks: _ignored, ...rest } = model;
    return { ...rest, params: applyMaskArrays(model.params, this.current) };
  }

  /** The masks in force now (copies). */
  masks(): Masks {
    return Object.fromEntries(Object.entries(this.current).map(([k, m]) => [k, m.slice()]));
  }

  sparsity(): number {
    let zeros = 0;
    let total = 0;
    for (const t of this.o.targets) {
      const m = this.current[t.name];
      total += t.size;
      if (m) zeros += t.size - countOnes(m);
    }
    return total ? zeros / total : 0;
  }

  /** Hooks for `fit` (pass `hooks: (live) => ds.hooks(live)`) or for `trainLoop`. */
  hooks(live: { vars: ParamVariables; optimizer: Optimizer }): FitHooks {
    this.syncTensors();
    applyMasks(live.vars, this.tensors);
    return {
      transformGrads: (grads, ctx) => {
        this.stepsPerEpoch = ctx.stepsPerEpoch;
        if (this.o.method.kind === 'rigl' && isUpdateStep(this.o.method.update, ctx.step)) {
          for (const t of this.o.targets) if (grads[t.name]) this.captured[t.name] = tf.keep(tf.abs(grads[t.name]!));
        }
        const out = { ...grads };
        for (const [name, m] of Object.entries(this.tensors)) if (out[name]) out[name] = tf.mul(out[name]!, m);
        return out;
      },
      afterStep: async (info) => {
        this.stepsPerEpoch = info.stepsPerEpoch;
        if (this.due(info.step)) await this.update(live, info.step);
        applyMasks(live.vars, this.tensors);
      },
    };
  }

  /** Frees the mask tensors (the plain masks stay readable). */
  dispose(): void {
    tf.dispose(Object.values(this.tensors));
    tf.dispose(Object.values(this.captured));
    this.tensors = {};
    this.captured = {};
  }

  private due(step: number): boolean {
    const m = this.o.method;
    return m.kind === 'gmp' ? isPruneStep(m.schedule, step) : isUpdateStep(m.update, step);
  }

  private magnitude(params: Model['params'], density: number): Masks {
    const m = this.o.method as Extract<DynamicMethod, { kind: 'gmp' }>;
    const densities = allocate(m.allocation, this.o.targets, density);
    return magnitudeMasks(params, this.o.targets, { scope: m.scope, density, densities, current: this.current });
  }

  private async update(live: { vars: ParamVariables; optimizer: Optimizer }, step: number): Promise<void> {
    const m = this.o.method;
    const params: Model['params'] = {};
    for (const t of this.o.targets) params[t.name] = { shape: t.shape, data: new Float32Array(await live.vars[t.name]!.data()) };
    const before = this.current;
    if (m.kind === 'gmp') {
      this.current = this.magnitude(params, 1 - cubicSparsity(m.schedule, step));
    } else {
      const fraction = dropFractionAt(m.update, step, this.stepsPerEpoch);
      const next: Masks = {};
      for (const t of this.o.targets) {
        const mask = before[t.name]!;
        const n = Math.round(fraction * countOnes(mask));
        const score = m.kind === 'rigl' ? await this.takeGrad(t.name) : Float64Array.from({ length: t.size }, () => this.o.rng.next());
        const r = pruneRegrow(params[t.name]!.data, mask, n, score);
        next[t.name] = r.mask;
        if (r.weights !== params[t.name]!.data) params[t.name]!.data = r.weights;
      }
      this.current = next;
    }
    // Zero the weights outside the new masks (pruneRegrow already zeroed the newly grown
    // ones), then the optimizer state of every weight that is not kept in both masks.
    const zeroed = applyMaskArrays(params, this.current);
    const keepBoth: Record<string, tf.Tensor> = {};
    for (const t of this.o.targets) {
      const a = before[t.name];
      const b = this.current[t.name]!;
      const both = Float32Array.from(b, (v, i) => (v && (!a || a[i]) ? 1 : 0));
      keepBoth[t.name] = tf.tensor(both, t.shape);
      tf.tidy(() => live.vars[t.name]!.assign(tf.tensor(zeroed[t.name]!.data, t.shape)));
    }
    live.optimizer.maskState(keepBoth);
    tf.dispose(Object.values(keepBoth));
    this.syncTensors();
    this.o.onUpdate?.(step, this.sparsity());
  }

  private async takeGrad(name: string): Promise<Float32Array> {
    const g = this.captured[name];
    if (!g) throw new Error(`RigL: no gradient captured for '${name}' at an update step`);
    const data = new Float32Array(await g.data());
    g.dispose();
    delete this.captured[name];
    return data;
  }

  private syncTensors(): void {
    tf.dispose(Object.values(this.tensors));
    this.tensors = {};
    for (const t of this.o.targets) {
      const m = this.current[t.name];
      if (m) this.tensors[t.name] = tf.tensor(Float32Array.from(m), t.shape);
    }
  }
}
