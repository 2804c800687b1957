/**
 * Constraint losses are zero on a function that satisfies the constraint and positive on one
 * that does not, using hand-set networks whose formulas are known exactly.
 */
import { constraintLoss, layoutOf, parseConstraints, prepareConstraint, Tape, violations, type Box, type SymNet } from '../../../lib/symbolic/index.js';
import { blankNet, linearNet, parallelNet, rng, setSlot } from './helpers.js';

const call = (name: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call', name, args, kwargs });

function lossOf(net: SymNet, c: unknown, domain: Box): number {
  const { specs, issues } = parseConstraints([c], net.inputs, domain);
  expect(issues).toEqual([]);
  const pc = prepareConstraint(specs[0]!, net, rng(2), 200);
  const t = new Tape(net.params, new Float64Array(net.params.length), net.mask);
  return constraintLoss(t, net, layoutOf(net), pc).loss.v[0]!;
}

const box: Box = [
  [0.01, 40],
  [0.01, 40],
];

describe('two-input constraints on r1·r2/(r1 + r2) (satisfies all) and linear functions (violate)', () => {
  const cases: [string, unknown, SymNet][] = [
    ['symmetry', call('symmetry', ['r1', 'r2']), linearNet(['r1', 'r2'], [1, -0.5])],
    ['monotone increasing', call('monotone', ['r1', 'increasing']), linearNet(['r1', 'r2'], [-1, 1])],
    ['bound above by min', call('bound', [], { upper: call('min', ['r1', 'r2']) }), linearNet(['r1', 'r2'], [1, 1])],
    ['known value', call('value', [], { at: { r1: 0 }, equals: 0 }), linearNet(['r1', 'r2'], [1, 1], 1)],
  ];
  test.each(cases)('%s', (_name, c, bad) => {
    expect(lossOf(parallelNet(), c, box)).toBe(0);
    expect(lossOf(bad, c, box)).toBeGreaterThan(0.01);
  });

  test('decreasing, lower bounds and expression bounds', () => {
    const dec = call('monotone', ['r2', 'decreasing']);
    expect(lossOf(linearNet(['r1', 'r2'], [1, -2]), dec, box)).toBe(0);
    expect(lossOf(parallelNet(), dec, box)).toBeGreaterThan(0);
    const lower = call('bound', [], { lower: 0, upper: 'r1 * r2 / (r1 + r2) + 1e-9' });
    expect(lossOf(parallelNet(), lower, box)).toBe(0);
    expect(lossOf(linearNet(['r1', 'r2'], [0, 0], -1), lower, box)).toBeCloseTo(1, 12);
  });

  test('a constraint checked only on its own box (on: ...)', () => {
    // r1 − 20 is negative on r1 < 20 only: an upper bound 0 holds there and fails beyond.
    const f = linearNet(['r1', 'r2'], [1, 0], -20);
    expect(lossOf(f, call('bound', [], { upper: 0, on: { r1: { $kind: 'range', from: 0, to: 20 } } }), box)).toBe(0);
    expect(lossOf(f, call('bound', [], { upper: 0, on: { r1: { $kind: 'range', from: 20.5, to: 40 } } }), box)).toBeGreaterThan(0);
  });
});

test('curvature: x² is convex, not concave; the violation is ∂²f/∂x² squared', () => {
  const net = blankNet(['x'], [['square']]);
  const lay = layoutOf(net);
  setSlot(net, lay.unitSlots[0]![0]![0]!, [1]);
  setSlot(net, lay.output, [1]);
  const dom: Box = [[-1, 1]];
  expect(lossOf(net, call('convex', ['x']), dom)).toBe(0);
  // f'' = 2 everywhere; the central difference of the exact tangent is exact for a quadratic.
  expect(lossOf(net, call('concave', ['x']), dom)).toBeCloseTo(4, 6);
});

test('violations() reports the RMS violation per constraint', () => {
  const net = linearNet(['r1', 'r2'], [1, 1], 1);
  const { specs } = parseConstraints([call('value', [], { at: { r1: 0, r2: 0 }, equals: 0 })], net.inputs, box);
  const v = violations(net, layoutOf(net), [prepareConstraint(specs[0]!, net, rng(), 10)]);
  expect(v[0]).toBeCloseTo(1, 12);
});

describe('parity: odd(x) and even(x)', () => {
  /** c·z^k + bias through one unit (z = x), k from the unit. */
  const powerNet = (unit: 'square' | 'cube', bias: number) => {
    const net = blankNet(['x'], [[unit]]);
    const lay = layoutOf(net);
    setSlot(net, lay.unitSlots[0]![0]![0]!, [1]);
    setSlot(net, lay.output, [1], bias);
    return net;
  };
  const dom: Box = [[-1, 1]];

  test('x³ is odd, x² is even; each breaks the other with the loss the formula gives', () => {
    expect(lossOf(powerNet('cube', 0), call('odd', ['x']), dom)).toBe(0);
    expect(lossOf(powerNet('square', 0), call('even', ['x']), dom)).toBe(0);
    // Odd on x³ + 1: (f(x) + f(−x))² = ((x³ + 1) + (−x³ + 1))² = 4 at every point.
    expect(lossOf(powerNet('cube', 1), call('odd', ['x']), dom)).toBeCloseTo(4, 12);
    // Even on x³: (x³ − (−x)³)² = 4x⁶, averaged over the constraint's own sampled points.
    const { specs } = parseConstraints([call('even', ['x'])], ['x'], dom);
    const net = powerNet('cube', 0);
    const pc = prepareConstraint(specs[0]!, net, rng(2), 200);
    const expected = pc.cols[0]!.reduce((a, x) => a + 4 * x ** 6, 0) / 200;
    const t = new Tape(net.params, new Float64Array(net.params.length), net.mask);
    expect(constraintLoss(t, net, layoutOf(net), pc).loss.v[0]).toBeCloseTo(expected, 12);
    expect(expected).toBeGreaterThan(0.1);
  });

  test('odd takes exactly one known variable', () => {
    expect(parseConstraints([call('odd', ['x', 'y'])], ['x'], dom).issues[0]!.message).toMatch(/one variable/);
    expect(parseConstraints([call('even', ['z'])], ['x'], dom).issues[0]!.path).toEqual(['constraints', 0, 'args', 0]);
  });
});
