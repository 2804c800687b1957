/** Constraints as written in a .pipe file: shapes, names, and the paths of their problems. */
import { parseConstraints } from '../../../lib/symbolic/index.js';

const call = (name: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call', name, args, kwargs });
const vars = ['r1', 'r2'];
const dom: [number, number][] = [
  [0, 40],
  [0, 40],
];

test('the readable forms become specs', () => {
  const { specs, issues } = parseConstraints(
    [
      call('symmetry', ['r1', 'r2']),
      call('monotone', ['r2', 'decreasing'], { on: { r2: { $kind: 'range', from: 1, to: 2 } }, samples: 7 }),
      call('bound', [], { upper: call('min', ['r1', 'r2']), lower: 0 }),
      call('value', [], { at: { r1: 0 }, equals: 0 }),
      call('concave', ['r1']),
    ],
    vars,
    dom,
  );
  expect(issues).toEqual([]);
  expect(specs.map((s) => s.type)).toEqual(['symmetry', 'monotone', 'bound', 'value', 'curvature']);
  expect(specs[1]).toMatchObject({ variable: 1, sign: -1, samples: 7, on: [[0, 40], [1, 2]] });
  expect(specs[2]).toMatchObject({ upper: 'min(r1, r2)', lower: '0' });
  expect(specs[4]).toMatchObject({ sign: -1 });
  expect(specs[0]!.label).toBe('symmetry(r1, r2)');
});

test('an unknown variable points at the argument and lists the variables', () => {
  const { issues } = parseConstraints([call('symmetry', ['r1', 'r3'])], vars, dom);
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatchObject({ path: ['constraints', 0, 'args', 1], message: "unknown variable 'r3'" });
  expect(issues[0]!.hint).toContain('variables: r1, r2');
});

test('unknown names inside bound expressions, value sets and boxes', () => {
  const { issues } = parseConstraints(
    [
      call('monotone', ['r1', 'increasing']),
      call('bound', [], { upper: call('min', ['r1', 'x']) }),
      call('value', [], { at: { q: 0 }, equals: 1 }),
      call('monotone', ['r1', 'increasing'], { on: { z: { $kind: 'range', from: 0, to: 1 } } }),
    ],
    vars,
    dom,
  );
  expect(issues.map((i) => i.path)).toEqual([
    ['constraints', 1, 'kwargs', 'upper'],
    ['constraints', 2, 'kwargs', 'at', 'q'],
    ['constraints', 3, 'kwargs', 'on', 'z'],
  ]);
});

test('shape problems are found without knowing the variables (pipewright check)', () => {
  const { issues } = parseConstraints(['symmetry', call('monotne', ['r1']), call('monotone', ['r1', 'upward']), call('value', [], { equals: 1 }), call('bound', [], { uper: 1 })], undefined, undefined);
  expect(issues.map((i) => i.path)).toEqual([
    ['constraints', 0],
    ['constraints', 1],
    ['constraints', 2, 'args', 1],
    ['constraints', 3, 'kwargs', 'at'],
    ['constraints', 4, 'kwargs', 'uper'],
    ['constraints', 4],
  ]);
  expect(issues[1]!.hint).toContain("did you mean 'monotone'");
});
