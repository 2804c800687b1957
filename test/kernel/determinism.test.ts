/** Same file + seed ⇒ same metrics on the same backend, through the whole kernel with real plugins. */
import { rm } from 'node:fs/promises';
import { builtinSources } from '../../plugins/builtin.js';
import { runText, tempHome } from './run-helpers.js';

const pipe = (seed: number) => `pipeline det {
  backend wasm
  seed ${seed}
  data mnist { train: 300, test: 100 }
  model mlp { layers: [784, 24, 10], dropout: 0.1 }
  train sgd { epochs: 2, batch: 32, lr: 0.05, momentum: 0.9 }
  evaluate report { }
}`;

test('two uncached runs with one seed agree exactly; another seed differs', async () => {
  const home = await tempHome();
  const o = { noCache: true, sources: builtinSources() };
  const a = await runText(pipe(3), home, o);
  const b = await runText(pipe(3), home, o);
  const c = await runText(pipe(4), home, o);
  expect(a.end.status).toBe('ok');
  expect(b.end.stages.evaluate!.metrics).toEqual(a.end.stages.evaluate!.metrics);
  expect(b.end.stages.train!.metrics.loss).toBe(a.end.stages.train!.metrics.loss);
  expect(c.end.stages.train!.metrics.loss).not.toBe(a.end.stages.train!.metrics.loss);
  await rm(home, { recursive: true, force: true });
});
