/**
 * The classical fixed-step Runge–Kutta method (order 4) over a state made of several tensors,
 * written with ordinary tfjs ops so gradients flow back through every stage of every step
 * (discretise-then-optimise: the exact gradient of the discrete solution, no adjoint ODE).
 *
 * With `checkpoint`, each step is one custom-gradient op that keeps only its input state and
 * recomputes its four stages in the backward pass: training memory grows with the number of
 * steps by one state per step instead of every stage's intermediates (~4 evaluations of f),
 * for about one extra forward evaluation of the step.
 */
import * as tf from '@tensorflow/tfjs';

/** A state: a list of tensors (e.g. [position, velocity] of a second-order system). */
export type OdeState = tf.Tensor[];
/**
 * dy/dt = f(t, y); returns one tensor per state tensor, shaped alike. Trainable tensors f reads
 * come in as `params` (the list given to `integrateRk4`), so a checkpointed step can send
 * gradients to them.
 */
export type OdeFunction = (t: number, y: OdeState, params: tf.Tensor[]) => OdeState;

export interface Rk4Options {
  steps: number;
  t0?: number;
  t1?: number;
  /** Recompute each step's stages in the backward pass instead of keeping them (see above). */
  checkpoint?: boolean;
}

function axpy(y: OdeState, h: number, k: OdeState): OdeState {
  return y.map((yi, i) => tf.add(yi, tf.mul(k[i]!, h)));
}

/** One RK4 step of size h from (t, y). */
export function rk4Step(f: OdeFunction, t: number, y: OdeState, h: number, params: tf.Tensor[] = []): OdeState {
  const k1 = f(t, y, params);
  const k2 = f(t + h / 2, axpy(y, h / 2, k1), params);
  const k3 = f(t + h / 2, axpy(y, h / 2, k2), params);
  const k4 = f(t + h, axpy(y, h, k3), params);
  return y.map((yi, i) => tf.add(yi, tf.mul(tf.addN([k1[i]!, tf.mul(k2[i]!, 2), tf.mul(k3[i]!, 2), k4[i]!]), h / 6)));
}

/** The state as one flat tensor (a custom-gradient op returns one tensor), and back. */
function pack(y: OdeState): tf.Tensor1D {
  return tf.concat(y.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}
function unpack(flat: tf.Tensor, like: OdeState): OdeState {
  const parts = tf.split(flat, like.map((t) => t.size));
  return parts.map((p, i) => tf.reshape(p, like[i]!.shape));
}

/**
 * Gradients of `g` at `xs` against `dy`, from inside another backward pass. tfjs 4.22's engine
 * keeps one active tape: a nested `tf.grads` replaces it and then clears it, and the outer
 * pass fails while freeing its own tape (`null.forEach`). So the outer tape is put back after.
 */
function recomputeGrads(g: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], dy: tf.Tensor): tf.Tensor[] {
  const state = tf.engine().state;
  const outer = state.activeTape;
  try {
    return tf.grads(g)(xs, dy);
  } finally {
    state.activeTape = outer;
  }
}

/**
 * One step as a single op whose backward pass recomputes the step under `tf.grads`. Every
 * tensor in `params` must reach the step's output (tf.grads refuses a disconnected input).
 */
function checkpointedStep(f: OdeFunction, t: number, y: OdeState, h: number, params: tf.Tensor[]): OdeState {
  const k = y.length;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const inputs = args as tf.Tensor[];
    save(inputs);
    const value = tf.tidy(() => pack(rk4Step(f, t, inputs.slice(0, k), h, inputs.slice(k))));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => recomputeGrads((...xs) => pack(rk4Step(f, t, xs.slice(0, k), h, xs.slice(k))), saved, dy),
    };
  });
  return unpack(op(...y, ...params), y);
}

/**
 * y(t1) from y(t0) in `steps` equal steps. Each step runs in its own tidy, so without a
 * gradient tape only the current state stays allocated (inference on large tiles); under a
 * tape the tensors the backward pass needs are kept by the tape itself. The caller owns the
 * result; y0 is not disposed.
 */
export function integrateRk4(f: OdeFunction, y0: OdeState, o: Rk4Options, params: tf.Tensor[] = []): OdeState {
  const { steps, t0 = 0, t1 = 1 } = o;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`RK4 needs a whole number of steps ≥ 1, got ${steps}`);
  const h = (t1 - t0) / steps;
  let y = y0;
  for (let s = 0; s < steps; s++) {
    const prev = y;
    const t = t0 + s * h;
    y = tf.tidy(() => (o.checkpoint ? checkpointedStep(f, t, prev, h, params) : rk4Step(f, t, prev, h, params)));
    if (prev !== y0) tf.dispose(prev);
  }
  return y === y0 ? y0.map((t) => t.clone()) : y;
}
