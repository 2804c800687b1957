/** Schedule values at chosen steps, against the closed forms written out by hand. */
import { OptionValueError, resolveSchedule } from '../../../lib/nn/index.js';

const call = (name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call' as const, name, args, kwargs });
const arrow = (from: number, to: number) => ({ $kind: 'arrow' as const, from, to });
// 10 steps per epoch, 100 steps in all.
const at = (s: ReturnType<typeof resolveSchedule>, step: number) => s({ step, totalSteps: 100, stepsPerEpoch: 10 });

test('a number is constant', () => {
  const s = resolveSchedule(0.1);
  expect([0, 50, 99].map((i) => at(s, i))).toEqual([0.1, 0.1, 0.1]);
  expect(at(resolveSchedule(call('constant', [0.3])), 42)).toBe(0.3);
});

test('step(every, gamma) counts epochs from the base lr', () => {
  const s = resolveSchedule(call('step', [], { every: 3, gamma: 0.1 }), 1);
  expect(at(s, 0)).toBe(1);
  expect(at(s, 29)).toBe(1); // epoch 2.9
  expect(at(s, 30)).toBeCloseTo(0.1, 12); // epoch 3
  expect(at(s, 60)).toBeCloseTo(0.01, 12);
});

test('step(base, halve_every) and unit: step', () => {
  expect(at(resolveSchedule(call('step', [0.8], { halve_every: 2 })), 45)).toBeCloseTo(0.8 / 4, 12);
  expect(at(resolveSchedule(call('step', [0.8], { halve_every: 2, unit: 'step' })), 5)).toBeCloseTo(0.8 / 4, 12);
});

test('cosine(a -> b) runs from a at the first step to b at the last', () => {
  const s = resolveSchedule(call('cosine', [arrow(0.3, 0)]));
  expect(at(s, 0)).toBeCloseTo(0.3, 12);
  expect(at(s, 99)).toBeCloseTo(0, 12);
  // halfway (p = 0.5): the mean of the ends
  const mid = resolveSchedule(call('cosine', [arrow(1, 0)]))({ step: 50, totalSteps: 101, stepsPerEpoch: 10 });
  expect(mid).toBeCloseTo(0.5, 12);
  // p = 1/4: b + (a − b)(1 + cos(π/4))/2
  expect(resolveSchedule(call('cosine', [arrow(1, 0)]))({ step: 25, totalSteps: 101, stepsPerEpoch: 10 })).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
});

test('cosine(to:) starts from the base; linear is a line', () => {
  expect(at(resolveSchedule(call('cosine', [], { to: 0.1 }), 0.5), 0)).toBeCloseTo(0.5, 12);
  const lin = resolveSchedule(call('linear', [arrow(1, 0)]));
  expect(lin({ step: 30, totalSteps: 101, stepsPerEpoch: 10 })).toBeCloseTo(0.7, 12);
});

test('warmup ramps linearly to the schedule value', () => {
  const s = resolveSchedule(call('cosine', [arrow(1, 1)], { warmup: 1 })); // 1 epoch = 10 steps
  expect(at(s, 0)).toBeCloseTo(0.1, 12);
  expect(at(s, 4)).toBeCloseTo(0.5, 12);
  expect(at(s, 10)).toBeCloseTo(1, 12);
});

test.each([
  [call('sine'), ['name']],
  [call('step', [0.1], { every: 0 }), ['kwargs', 'every']],
  [call('step', [0.1], { evry: 3 }), ['kwargs', 'evry']],
  [call('cosine', [0.1]), ['args', 0]],
  [call('step', [], { every: 3 }), ['args']],
  ['fast', []],
])('bad schedule %j is rejected at %j', (value, path) => {
  let err: unknown;
  try {
    resolveSchedule(value);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(OptionValueError);
  expect((err as OptionValueError).path).toEqual(path);
});
