/**
 * The time loop shared by the solvers: steps a stepper to t_end, records diagnostics every
 * `recordEvery` steps (always including the first and last), and stops at the first non-finite
 * diagnostic with the step number — after handing every earlier record to `onRecord`, so a
 * caller that streams them (metric events) keeps the history up to the failure.
 */
import type { KineticSeries } from './types.js';

export interface Diagnostics {
  electricEnergy: number;
  mass: number;
  momentum: number;
  energy: number;
  l1: number;
  l2: number;
  rank: number;
}

export interface KineticStepper {
  step(dt: number): void;
  diagnostics(): Diagnostics;
  readonly rho: Float64Array;
  readonly E: Float64Array;
}

export class NonFiniteError extends Error {
  constructor(
    readonly step: number,
    readonly t: number,
    readonly quantity: string,
    /** The records before the failure. */
    readonly partial?: KineticSeries,
  ) {
    super(`${quantity} became NaN or infinite at step ${step} (t = ${t.toPrecision(4)})`);
  }
}

export interface SimulateOptions {
  dt: number;
  steps: number;
  recordEvery: number;
  onRecord?: (step: number, t: number, d: Diagnostics) => void;
  /** Called between steps; throw to stop (cancellation). */
  checkpoint?: (step: number) => void | Promise<void>;
}

/** Record stride that keeps the number of records (and metric events) near `maxRecords`. */
export function recordStride(steps: number, maxRecords = 2000): number {
  return Math.max(1, Math.ceil(steps / maxRecords));
}

export async function simulate(stepper: KineticStepper, o: SimulateOptions): Promise<{ series: KineticSeries; seconds: number }> {
  const recorded: number[] = [];
  for (let n = 0; n <= o.steps; n += o.recordEvery) recorded.push(n);
  if (recorded[recorded.length - 1] !== o.steps) recorded.push(o.steps);
  const m = recorded.length;
  const s: KineticSeries = {
    step: new Int32Array(m),
    t: new Float64Array(m),
    electricEnergy: new Float64Array(m),
    mass: new Float64Array(m),
    momentum: new Float64Array(m),
    energy: new Float64Array(m),
    l1: new Float64Array(m),
    l2: new Float64Array(m),
    rank: new Int32Array(m),
  };
  let next = 0;
  let seconds = 0;
  const fail = (n: number, what: string): NonFiniteError => {
    return new NonFiniteError(n, n * o.dt, what, sliceSeries(s, next));
  };
  const record = (n: number): void => {
    const d = stepper.diagnostics();
    for (const [name, val] of Object.entries(d)) {
      if (!Number.isFinite(val)) throw fail(n, name);
    }
    s.step[next] = n;
    s.t[next] = n * o.dt;
    s.electricEnergy[next] = d.electricEnergy;
    s.mass[next] = d.mass;
    s.momentum[next] = d.momentum;
    s.energy[next] = d.energy;
    s.l1[next] = d.l1;
    s.l2[next] = d.l2;
    s.rank[next] = d.rank;
    next++;
    o.onRecord?.(n, n * o.dt, d);
  };
  record(0);
  for (let n = 1; n <= o.steps; n++) {
    await o.checkpoint?.(n);
    const t0 = performance.now();
    stepper.step(o.dt);
    seconds += (performance.now() - t0) / 1000;
    if (n === recorded[next]) record(n);
    else if (!finiteField(stepper.E)) throw fail(n, 'electric field');
  }
  return { series: s, seconds };
}

function finiteField(E: Float64Array): boolean {
  let s = 0;
  for (let i = 0; i < E.length; i++) s += E[i]!;
  return Number.isFinite(s);
}

export function sliceSeries(s: KineticSeries, n: number): KineticSeries {
  return {
    step: s.step.slice(0, n),
    t: s.t.slice(0, n),
    electricEnergy: s.electricEnergy.slice(0, n),
    mass: s.mass.slice(0, n),
    momentum: s.momentum.slice(0, n),
    energy: s.energy.slice(0, n),
    l1: s.l1.slice(0, n),
    l2: s.l2.slice(0, n),
    rank: s.rank.slice(0, n),
  };
}
