/**
 * Bad input to the robustness stages, reported through the kernel at its place in the .pipe
 * file: schema failures (PW2004) and plugin checks (PW2013) before anything runs, configError
 * (PW3005) at run time for what only the model or the data can tell.
 */
import * as tf from '@tensorflow/tfjs';
import { preparePipe } from '../../../kernel/session.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';
import { sources } from './sources.js';

const pipe = (stage: string, model = 'model mlp { layers: [784, 12, 10] }') => `pipeline p {
  backend cpu
  data mnist { train: 60, test: 30 }
  ${model}
  ${stage}
}`;

async function diags(stage: string) {
  const p = await preparePipe('t.pipe', { builtins: sources, text: pipe(stage) });
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message] as const);
}

/** `at`: the text the diagnostic must start at (its first occurrence in the stage line). */
test.each([
  ['negative eps', 'verify crown { eps: -0.1 }', 'PW2004', '-0.1', /0/],
  ['a norm other than linf', 'verify ibp { norm: l2 }', 'PW2004', 'l2', /linf/],
  ['an empty domain', 'verify crown { domain: [1, 0] }', 'PW2013', '[1, 0]', /empty/],
  ['SparseVLR without the robust loss', 'sparsify sparsevlr { sparsity: 0.9, loss: cross_entropy }', 'PW2013', 'cross_entropy', /crown_ibp/],
  ['SparseVLR with a negative eps', 'sparsify sparsevlr { sparsity: 0.9, loss: crown_ibp(eps: -1) }', 'PW2013', '-1', /eps must be/],
  ['SparseVLR with another norm', 'sparsify sparsevlr { sparsity: 0.9, loss: crown_ibp(eps: 0.1, norm: l2) }', 'PW2013', 'l2', /not supported/],
])('%s', async (_name, stage, code, at, message) => {
  const d = await diags(stage);
  expect(d).toHaveLength(1);
  expect(d[0]!.slice(0, 3)).toEqual([code, 5, 3 + stage.indexOf(at)]);
  expect(d[0]![3]).toMatch(message);
});

describe('at run time', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  async function stageError(text: string, line: number, column: number) {
    const home = await tempHome();
    const { events } = await runText(text, home, { sources });
    const e = byType(events, 'stage:error')[0]!;
    expect(e).toBeDefined();
    expect(e.code).toBe('PW3005');
    expect(e.location).toMatch(new RegExp(`t\\.pipe:${line}:${column}$`));
    return e;
  }

  test('a model with a layer CROWN cannot bound is refused, naming the layer', async () => {
    const stage = 'verify crown { samples: 5, pgd_steps: 0 }';
    const e = await stageError(pipe(stage, 'model cnn { channels: [2], dense: 0 }'), 5, 3 + stage.indexOf('{'));
    expect(e.message).toMatch(/layer 2 \(maxpool2d\) is not supported by CROWN/);
    expect(e.message).toMatch(/verify ibp/);
  }, 30000);

  test('inputs outside the domain point at the domain option', async () => {
    const stage = 'verify ibp { domain: [0, 0.5], samples: 5 }';
    const e = await stageError(pipe(stage), 5, 3 + stage.indexOf('[0'));
    expect(e.message).toMatch(/inputs range over \[0, 1\], outside the input domain \[0, 0\.5\]/);
  }, 30000);

  test('the crown_ibp loss of a train stage points at its bad argument', async () => {
    const stage = 'train adam { epochs: 1, loss: crown_ibp(eps: 0.1, kappa: 3) }';
    const e = await stageError(pipe(stage), 5, 3 + stage.indexOf('3)'));
    expect(e.message).toMatch(/kappa must be a number in \[0, 1\]/);
  }, 30000);

  // The loss, not only verify, assumes an input range: every training stage checks its data.
  test.each([
    ['train adam', 'train adam { epochs: 1, loss: crown_ibp(eps: 0.1, domain: [0, 0.5]) }'],
    ['sparsify rigl', 'sparsify rigl { sparsity: 0.5, epochs: 1, loss: crown_ibp(eps: 0.1, domain: [0, 0.5]) }'],
    ['sparsify sparsevlr', 'sparsify sparsevlr { sparsity: 0.5, epochs: 1, verify: none, loss: crown_ibp(eps: 0.1, domain: [0, 0.5]) }'],
  ])('%s: training inputs outside the crown_ibp domain point at the domain', async (_name, stage) => {
    const e = await stageError(pipe(stage), 5, 3 + stage.indexOf('[0, 0.5]'));
    expect(e.message).toMatch(/training inputs range over \[0, 1\], outside the loss's input domain \[0, 0\.5\]/);
  }, 30000);

  test('a crown_ibp loss on a model with max pooling names the layer', async () => {
    const stage = 'train adam { epochs: 1, loss: crown_ibp(eps: 0.1) }';
    const e = await stageError(pipe(stage, 'model cnn { channels: [2], dense: 0 }'), 5, 3 + stage.indexOf('crown_ibp'));
    expect(e.message).toMatch(/maxpool2d/);
  }, 30000);
});
