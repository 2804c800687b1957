/**
 * The baseline "without prior knowledge" must not use the prior knowledge anywhere: not in its
 * losses, not in the choice among its candidates, and not (through the shared random stream) in
 * its training. Its violation is still measured, as a metric. The model with prior knowledge
 * keeps the three-objective front (validation RMSE, violation, complexity).
 */
import { learn, layoutOf, parseConstraints, selectCandidate, type Candidate, type LearnOptions, type SymNet } from '../../../lib/symbolic/index.js';
import { blankNet, columns, rng, tinyLearnOptions } from './helpers.js';

const call = (name: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call', name, args, kwargs });

/** Only the selection fields matter; the net is a placeholder. */
function cand(valRmse: number, violation: number, complexity: number): Candidate {
  return { start: 0, epoch: 0, phase: 'pruned', net: blankNet(['x'], [['ident']]), valRmse, valSe: 0.01, violation, violations: [violation], complexity };
}

test('without prior knowledge the pick ignores the violation; with it, the violation decides', () => {
  // A meets the constraints but is complex; B is as accurate, simpler, and violates them.
  const a = cand(1.0, 0, 10);
  const b = cand(1.0, 5, 3);
  expect(selectCandidate([a, b], true).chosen).toBe(0);
  expect(selectCandidate([a, b], false)).toEqual({ front: [1], chosen: 1 });
  // Same candidates measured against other constraints (other violations): the same pick.
  const picks = [[0, 5], [5, 0], [100, 1e-9], [0, 0]].map(([va, vb]) => selectCandidate([cand(1.0, va!, 10), cand(1.0, vb!, 3)], false).chosen);
  expect(new Set(picks)).toEqual(new Set([1]));
});

const options = (evalSeed: number): LearnOptions => tinyLearnOptions({ starts: 2, batch: 8, useConstraints: false, evalRng: rng(evalSeed) });

function init(): SymNet {
  const net = blankNet(['x'], [['ident', 'square']]);
  const r = rng(4);
  for (const s of layoutOf(net).slots) for (let i = 0; i <= s.fanIn; i++) net.params[s.off + i] = 0.3 * r.normal();
  return net;
}

test('the unconstrained learner trains and picks the same whatever constraints it is measured against', async () => {
  const cols = columns(30, 1, -1, 1);
  const d = { cols, y: cols[0]!.map((x) => x * x + 0.3 * x) };
  const dom: [number, number][] = [[-2, 2]];
  const one = parseConstraints([call('even', ['x'])], ['x'], dom).specs;
  const three = parseConstraints([call('monotone', ['x', 'increasing']), call('convex', ['x']), call('value', [], { at: { x: 0 }, equals: 1 })], ['x'], dom).specs;
  const a = await learn(init(), d, d, one, rng(1), options(9));
  const b = await learn(init(), d, d, three, rng(1), options(9));
  expect(b.candidates.map((c) => Array.from(c.net.params))).toEqual(a.candidates.map((c) => Array.from(c.net.params)));
  expect(b.chosen).toBe(a.chosen);
  // ... while the violations it reports are those of the constraints it was given.
  expect(a.candidates[0]!.violations).toHaveLength(1);
  expect(b.candidates[0]!.violations).toHaveLength(3);
});
