/**
 * The float64 tape and the units against independent oracles: Math.* for values, central finite
 * differences for parameter gradients, input tangents and the second-order gradient that
 * monotonicity/curvature constraints train with. Central differences with h = 1e-6 on float64
 * are accurate to ~1e-8 relative here, so 1e-5 is a tolerance a wrong derivative cannot meet.
 */
import { forward, layoutOf, objective, parseConstraints, prepareConstraint, Tape, UNIT_NAMES, type SymNet } from '../../../lib/symbolic/index.js';
import { blankNet, columns, rng } from './helpers.js';

const TOL = 1e-5;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-6, Math.abs(a) + Math.abs(b));

function randomNet(units: string[][], skip = true): SymNet {
  const net = blankNet(['a', 'b'], units, { skip, inputScale: [2, 3], outputScale: 5 });
  const r = rng(11);
  const lay = layoutOf(net);
  for (const s of lay.slots) {
    for (let i = 0; i <= s.fanIn; i++) net.params[s.off + i] = 0.6 * r.normal();
    // Denominators well above the cut, so finite differences never cross it.
    if (s.layer < units.length && units[s.layer]![s.unit] === 'div' && s.arg === 1) net.params[s.off + s.fanIn] = 3;
  }
  return net;
}

const oracle: Record<string, (z: number[]) => number> = {
  ident: ([a]) => a!,
  mul: ([a, b]) => a! * b!,
  div: ([a, b]) => a! / b!,
  sin: ([a]) => Math.sin(a!),
  cos: ([a]) => Math.cos(a!),
  tanh: ([a]) => Math.tanh(a!),
  atan: ([a]) => Math.atan(a!),
  square: ([a]) => a! * a!,
  cube: ([a]) => a! * a! * a!,
};

describe('units', () => {
  test('every unit has an oracle', () => expect(Object.keys(oracle).sort()).toEqual([...UNIT_NAMES].sort()));

  test.each(UNIT_NAMES)('%s: value equals the Math oracle on its arguments', (name) => {
    const net = randomNet([[name]], false);
    const lay = layoutOf(net);
    const cols = columns(20, 2, -2, 2);
    const t = new Tape(net.params, new Float64Array(net.params.length));
    const y = forward(t, net, lay, cols).y.v;
    const slots = lay.unitSlots[0]![0]!;
    const o = lay.output;
    for (let p = 0; p < 20; p++) {
      const z = slots.map((s) => net.params[s.off]! * (cols[0]![p]! / 2) + net.params[s.off + 1]! * (cols[1]![p]! / 3) + net.params[s.off + 2]!);
      const expected = net.params[o.off]! * oracle[name]!(z) + net.params[o.off + 1]!;
      expect(y[p]).toBeCloseTo(expected, 12);
    }
  });

  test.each(UNIT_NAMES)('%s: parameter gradient and input tangent match finite differences', (name) => {
    const net = randomNet([[name, 'ident'], [name, 'tanh']]);
    const lay = layoutOf(net);
    const cols = columns(9, 2, -1.5, 1.5);
    const sumOut = (wrt?: number) => {
      const t = new Tape(net.params, new Float64Array(net.params.length));
      const r = forward(t, net, lay, cols, wrt);
      return { t, r, s: t.mean(r.y) };
    };
    const { t, s, r } = sumOut(0);
    t.backward(s);
    const h = 1e-6;
    for (let i = 0; i < net.params.length; i++) {
      const p = net.params[i]!;
      net.params[i] = p + h;
      const up = sumOut().s.v[0]!;
      net.params[i] = p - h;
      const down = sumOut().s.v[0]!;
      net.params[i] = p;
      expect(relErr(t.gTheta[i]!, (up - down) / (2 * h))).toBeLessThan(TOL);
    }
    // d(net)/d(x'_0): shift the raw input by h·scale.
    const shifted = (dx: number) => {
      const t2 = new Tape(net.params, new Float64Array(net.params.length));
      return forward(t2, net, lay, [cols[0]!.map((v) => v + dx * 2), cols[1]!]).y.v;
    };
    const up = shifted(h);
    const down = shifted(-h);
    r.dy!.v.forEach((g, p) => expect(relErr(g, (up[p]! - down[p]!) / (2 * h))).toBeLessThan(TOL));
  });
});

test('the full objective (data + every constraint kind + pole penalty) has the finite-difference gradient', () => {
  const net = randomNet([['mul', 'div', 'sin', 'cos', 'tanh', 'ident', 'atan', 'square', 'cube'], ['mul', 'div', 'tanh', 'ident']]);
  const lay = layoutOf(net);
  const call = (name: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call', name, args, kwargs });
  const { specs, issues } = parseConstraints(
    [
      call('symmetry', ['a', 'b']),
      call('monotone', ['a', 'increasing']),
      call('concave', ['b']),
      call('bound', [], { upper: call('min', ['a', 'b']), lower: -3 }),
      call('value', [], { at: { a: 0 }, equals: 0.3 }),
    ],
    ['a', 'b'],
    [[-2, 2], [-2, 2]],
  );
  expect(issues).toEqual([]);
  const r = rng(5);
  const prepared = specs.map((s) => prepareConstraint(s, net, r, 6));
  const cols = columns(8, 2, -2, 2);
  const batch = { cols, y: Float64Array.from({ length: 8 }, () => r.normal()) };
  // A denominator pushed below the cut somewhere, so the pole penalty is live too.
  net.params[lay.unitSlots[1]![1]![1]!.off + lay.unitSlots[1]![1]![1]!.fanIn] = -0.5;
  const weights = [0.7, 1.3, 0.4, 2, 0.9];
  const grad = new Float64Array(net.params.length);
  const v = objective(net, lay, batch, prepared, weights, 3, grad);
  // Most terms live (a random net may happen to meet one of them on 6 points), the pole penalty too.
  expect(v.constraintLosses.filter((l) => l > 0).length).toBeGreaterThanOrEqual(4);
  expect(v.divPenalty).toBeGreaterThan(0);
  const h = 1e-6;
  let checked = 0;
  for (let i = 0; i < net.params.length; i++) {
    const p = net.params[i]!;
    net.params[i] = p + h;
    const up = objective(net, lay, batch, prepared, weights, 3).total;
    net.params[i] = p - h;
    const down = objective(net, lay, batch, prepared, weights, 3).total;
    net.params[i] = p;
    expect(relErr(grad[i]!, (up - down) / (2 * h))).toBeLessThan(1e-4);
    checked++;
  }
  expect(checked).toBe(net.params.length);
});

test('masked weights are skipped and get no gradient', () => {
  const net = randomNet([['mul', 'sin']]);
  const lay = layoutOf(net);
  net.mask[0] = 0;
  const t = new Tape(net.params, new Float64Array(net.params.length), net.mask);
  const s = t.mean(forward(t, net, lay, columns(5, 2, -1, 1)).y);
  t.backward(s);
  expect(t.gTheta[0]).toBe(0);
  const before = s.v[0]!;
  net.params[0] = 123;
  const t2 = new Tape(net.params, new Float64Array(net.params.length), net.mask);
  expect(t2.mean(forward(t2, net, lay, columns(5, 2, -1, 1)).y).v[0]).toBe(before);
});
