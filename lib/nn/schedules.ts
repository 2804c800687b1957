/**
 * Value schedules over training time, from DSL values: learning rates, and anything else that
 * changes while training (a drop fraction, an eps ramp) — the function is the same.
 *
 *   0.1                           constant
 *   constant(0.1)
 *   step(every: 30, gamma: 0.1)   base · gamma^⌊epoch / every⌋   (base = the plain lr)
 *   step(0.1, halve_every: 50)    gamma 0.5; a positional number overrides the base
 *   cosine(0.1 -> 0.001)          cosine annealing over the whole run
 *   cosine(to: 0)                 from the base
 *   linear(0.1 -> 0)              straight line over the whole run
 *
 * `every`, `halve_every` and `warmup` count epochs (fractions allowed), or steps with
 * `unit: step`. `warmup: W` ramps linearly from 0 to the schedule's value over W.
 */
import { isArrowValue, isCallValue, OptionValueError, type CallValue } from './call-value.js';

export interface ScheduleTime {
  /** Optimizer steps done before this one (0 for the first). */
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
}

export type Schedule = (t: ScheduleTime) => number;

export const SCHEDULE_NAMES = ['constant', 'step', 'cosine', 'linear'] as const;

const KWARGS: Record<(typeof SCHEDULE_NAMES)[number], string[]> = {
  constant: [],
  step: ['every', 'halve_every', 'gamma', 'unit', 'warmup'],
  cosine: ['to', 'unit', 'warmup'],
  linear: ['to', 'unit', 'warmup'],
};

function num(v: unknown, path: (string | number)[], what: string, positive = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive && v <= 0)) {
    throw new OptionValueError(`${what} must be a ${positive ? 'positive ' : ''}number, got ${JSON.stringify(v)}`, path);
  }
  return v;
}

/** Start/end of cosine and linear: `(a -> b)`, or `(to: b)` from the base. */
function endpoints(c: CallValue, base: number | undefined): [number, number] {
  const a = c.args[0];
  if (isArrowValue(a)) return [num(a.from, ['args', 0, 'from'], 'start'), num(a.to, ['args', 0, 'to'], 'end')];
  if (a !== undefined) throw new OptionValueError(`${c.name}(...) takes 'start -> end'`, ['args', 0], `e.g. ${c.name}(0.1 -> 0.001)`);
  if (c.kwargs.to === undefined || base === undefined) {
    throw new OptionValueError(`${c.name}(...) needs 'start -> end'`, ['args'], `e.g. ${c.name}(0.1 -> 0.001)`);
  }
  return [base, num(c.kwargs.to, ['kwargs', 'to'], 'to')];
}

function fromCall(c: CallValue, base: number | undefined): Schedule {
  const name = c.name as (typeof SCHEDULE_NAMES)[number];
  if (!(name in KWARGS)) {
    throw new OptionValueError(`unknown schedule '${c.name}'`, ['name'], `one of ${SCHEDULE_NAMES.join(', ')}`);
  }
  for (const k of Object.keys(c.kwargs)) {
    if (!KWARGS[name].includes(k)) {
      const hint = KWARGS[name].length ? `options: ${KWARGS[name].join(', ')}` : undefined;
      throw new OptionValueError(`${name}(...) has no option '${k}'`, ['kwargs', k], hint);
    }
  }
  const unit = c.kwargs.unit ?? 'epoch';
  if (unit !== 'epoch' && unit !== 'step') throw new OptionValueError(`unit must be epoch or step`, ['kwargs', 'unit']);
  const steps = (v: number, t: ScheduleTime): number => (unit === 'step' ? v : v * t.stepsPerEpoch);
  const warmup = c.kwargs.warmup === undefined ? 0 : num(c.kwargs.warmup, ['kwargs', 'warmup'], 'warmup');

  let inner: Schedule;
  if (name === 'constant' || name === 'step') {
    const first = c.args[0];
    if (c.args.length > 1) throw new OptionValueError(`${name}(...) takes at most one value`, ['args', 1]);
    const start = first !== undefined ? num(first, ['args', 0], 'value') : base;
    if (start === undefined) {
      throw new OptionValueError(`${name}(...) needs a value`, ['args'], `e.g. ${name}(0.1${name === 'step' ? ', every: 30' : ''})`);
    }
    if (name === 'constant') {
      inner = () => start;
    } else {
      const halve = c.kwargs.halve_every;
      const halving = halve !== undefined;
      const every = num(halve ?? c.kwargs.every, ['kwargs', halving ? 'halve_every' : 'every'], 'every', true);
      if (halving && c.kwargs.gamma !== undefined) throw new OptionValueError('halve_every already sets gamma 0.5', ['kwargs', 'gamma']);
      const gamma = halving ? 0.5 : c.kwargs.gamma === undefined ? 0.1 : num(c.kwargs.gamma, ['kwargs', 'gamma'], 'gamma', true);
      inner = (t) => start * gamma ** Math.floor(t.step / steps(every, t) + 1e-9);
    }
  } else {
    const [a, b] = endpoints(c, base);
    inner = (t) => {
      const w = steps(warmup, t);
      const span = Math.max(1, t.totalSteps - 1 - w);
      const p = Math.min(1, Math.max(0, (t.step - w) / span));
      return name === 'linear' ? a + (b - a) * p : b + ((a - b) * (1 + Math.cos(Math.PI * p))) / 2;
    };
  }
  if (warmup === 0) return inner;
  return (t) => {
    const w = steps(warmup, t);
    return t.step < w ? (inner(t) * (t.step + 1)) / w : inner(t);
  };
}

/**
 * A schedule from a DSL value (number or call). `base` is the value a call without its own
 * start uses (`lr: 0.1, schedule: step(every: 30)`). Throws OptionValueError with a path
 * relative to the value.
 */
export function resolveSchedule(value: unknown, base?: number): Schedule {
  if (typeof value === 'number') {
    const v = num(value, [], 'value');
    return () => v;
  }
  if (isCallValue(value)) return fromCall(value, base);
  throw new OptionValueError(`expected a number or a schedule like cosine(0.1 -> 0.001), got ${JSON.stringify(value)}`);
}
