/**
 * Formula extraction: a hand-set network (every unit, skip connections, input/output scales,
 * some weights pruned) is read as a formula, simplified by mathjs, and evaluated by mathjs on
 * random points; it must reproduce the network to 1e-4 relative (12 significant digits are
 * written, so only simplification could lose more).
 */
import { extractFormula, evaluateFormula, layoutOf, predict, UNIT_NAMES } from '../../../lib/symbolic/index.js';
import { blankNet, columns, parallelNet, rng, setSlot } from './helpers.js';

test('extracted and simplified formula reproduces the network numerically', () => {
  const layer = [...UNIT_NAMES];
  const net = blankNet(['a', 'b'], [layer, ['div', 'ident']], { skip: true, inputScale: [2, 4], outputScale: 3 });
  const lay = layoutOf(net);
  const r = rng(21);
  for (const s of lay.slots) {
    // The first layer stays dense so every unit kind is alive; later weights are pruned at random.
    for (let i = 0; i <= s.fanIn; i++) net.params[s.off + i] = s.layer > 0 && r.next() < 0.4 ? 0 : 0.5 * r.normal();
    const isDen = s.layer < net.layers.length && net.layers[s.layer]![s.unit] === 'div' && s.arg === 1;
    if (isDen) net.params[s.off + s.fanIn] = 4;
  }
  for (let i = 0; i < net.mask.length; i++) if (net.params[i] === 0) net.mask[i] = 0;
  const f = extractFormula(net);
  // Every unit kind made it into the formula (the random pruning left each one alive).
  for (const piece of ['sin(', 'cos(', 'tanh(', 'atan(', '^ 2', ' / ', ' * (']) expect(f.raw).toContain(piece);
  expect(f.text).not.toBe(f.raw);
  const cols = columns(50, 2, -1.5, 1.5);
  const viaNet = predict(net, cols);
  const viaFormula = evaluateFormula(f.text, net.inputs, cols);
  viaNet.forEach((v, i) => expect(Math.abs(viaFormula[i]! - v) / Math.max(1e-9, Math.abs(v))).toBeLessThan(1e-4));
  expect(f.latex.length).toBeGreaterThan(0);
});

test('the parallel-resistor network reads as r1·r2/(r1 + r2)', () => {
  const f = extractFormula(parallelNet());
  const cols = columns(20, 2, 0.1, 40);
  const expected = cols[0]!.map((a, i) => (a * cols[1]![i]!) / (a + cols[1]![i]!));
  evaluateFormula(f.text, ['r1', 'r2'], cols).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
  expect(f.size).toBeLessThanOrEqual(9);
});

test('a division whose denominator was pruned away reads as 0, as the network computes it', () => {
  const net = blankNet(['x'], [['div', 'ident']]);
  const lay = layoutOf(net);
  setSlot(net, lay.unitSlots[0]![0]![0]!, [1]);
  setSlot(net, lay.unitSlots[0]![1]![0]!, [2], 1);
  setSlot(net, lay.output, [5, 1]);
  const f = extractFormula(net);
  const cols = [Float64Array.of(0.5, 1, 3)];
  expect(Array.from(evaluateFormula(f.text, ['x'], cols))).toEqual(Array.from(predict(net, cols)));
  expect(f.text).not.toContain('/');
});
