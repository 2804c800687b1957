/**
 * Independent starts in the learner: each start runs its own epochs from fresh weights, the
 * candidates carry their start, and starts: 1 is the plain schedule (same random stream, same
 * candidates), so pipelines without the option keep their results.
 */
import { learn, layoutOf, type LearnOptions, type SymNet } from '../../../lib/symbolic/index.js';
import { blankNet, columns, rng, tinyLearnOptions } from './helpers.js';

const options = (starts?: number): LearnOptions => tinyLearnOptions(starts === undefined ? {} : { starts });

function init(): SymNet {
  const net = blankNet(['x'], [['ident', 'square']]);
  const r = rng(4);
  for (const s of layoutOf(net).slots) for (let i = 0; i <= s.fanIn; i++) net.params[s.off + i] = 0.3 * r.normal();
  return net;
}

const data = () => {
  const cols = columns(30, 1, -1, 1);
  return { cols, y: cols[0]!.map((x) => 2 * x + 0.5) };
};

test('starts: 3 gives three independent schedules of two epochs, each from its own weights', async () => {
  const d = data();
  const res = await learn(init(), d, d, [], rng(1), options(3));
  expect(res.candidates.map((c) => `${c.start}/${c.epoch}/${c.phase}`)).toEqual(['0/0/dense', '0/0/pruned', '0/1/dense', '0/1/pruned', '1/0/dense', '1/0/pruned', '1/1/dense', '1/1/pruned', '2/0/dense', '2/0/pruned', '2/1/dense', '2/1/pruned']);
  // Fresh weights per start: their first dense candidates differ.
  const firstDense = (s: number) => res.candidates.find((c) => c.start === s && c.phase === 'dense')!.net.params;
  expect(Array.from(firstDense(1))).not.toEqual(Array.from(firstDense(0)));
  expect(Array.from(firstDense(2))).not.toEqual(Array.from(firstDense(1)));
  expect(res.chosen).toBeGreaterThanOrEqual(0);
  expect(res.chosen).toBeLessThan(12);
});

test('starts: 1 is the schedule without the option, candidate for candidate', async () => {
  const d = data();
  const a = await learn(init(), d, d, [], rng(1), options());
  const b = await learn(init(), d, d, [], rng(1), options(1));
  expect(b.candidates.map((c) => Array.from(c.net.params))).toEqual(a.candidates.map((c) => Array.from(c.net.params)));
  expect(b.chosen).toBe(a.chosen);
  // The first start of a multi-start run is that same schedule too.
  const c = await learn(init(), d, d, [], rng(1), options(2));
  expect(c.candidates.slice(0, 4).map((x) => Array.from(x.net.params))).toEqual(a.candidates.map((x) => Array.from(x.net.params)));
});
