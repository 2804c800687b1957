/**
 * Bad sparsity options, reported through the kernel with their position in the .pipe file:
 * schema failures (PW2004) and plugin checks (PW2013) at link time, configError (PW3005) at
 * run time for what only the model can tell (a layer structured pruning cannot handle, a
 * layer the model lacks).
 */
import * as tf from '@tensorflow/tfjs';
import type { PluginSource } from '../../../kernel/container.js';
import { preparePipe } from '../../../kernel/session.js';
import { backends } from '../../../plugins/backends/index.js';
import { plugins as nn } from '../../../plugins/nn/index.js';
import { plugins as sparse } from '../../../plugins/sparse/index.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';

const sources: PluginSource[] = [
  { origin: 'builtin:backends', plugins: [], backends },
  { origin: 'builtin:nn', plugins: nn },
  { origin: 'builtin:sparse', plugins: sparse },
];

const pipe = (stage: string) => `pipeline p {
  backend cpu
  data mnist { train: 60, test: 30 }
  model mlp { layers: [784, 12, 10] }
  ${stage}
}`;

async function diags(stage: string) {
  const p = await preparePipe('t.pipe', { builtins: sources, text: pipe(stage) });
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message] as const);
}

/** `at`: the text the diagnostic must start at (its first occurrence in the stage line). */
test.each([
  ['sparsity 1 (must be < 1)', 'sparsify magnitude { sparsity: 1 }', 'PW2004', '1 }'],
  ['negative sparsity', 'sparsify rigl { sparsity: -0.5 }', 'PW2004', '-0.5'],
  ['gmp end before start', 'sparsify gmp { sparsity: 0.9, start: 3, end: 2, epochs: 4 }', 'PW2013', '2, epochs'],
  ['gmp end after the last epoch', 'sparsify gmp { sparsity: 0.9, end: 6, epochs: 4 }', 'PW2013', '6,'],
  ['drop fraction above 1', 'sparsify rigl { sparsity: 0.9, drop_fraction: cosine(1.5 -> 0) }', 'PW2013', 'cosine'],
  ['both sparsity and density', 'sparsify set { sparsity: 0.9, density: 0.1 }', 'PW2013', '0.1'],
  ['unknown allocation', 'sparsify set { sparsity: 0.9, allocation: erdos }', 'PW2004', 'erdos'],
  ['structured amount 1', 'sparsify structured { amount: 1 }', 'PW2004', '1 }'],
  ['lottery rewinds past its epochs', 'sparsify lottery { sparsity: 0.5, epochs: 2, rewind_epoch: 2 }', 'PW2013', '2 }'],
])('%s', async (_name, stage, code, at) => {
  const d = await diags(stage);
  expect(d).toHaveLength(1);
  // The stage line is indented by two spaces; columns are 1-based.
  expect(d[0]!.slice(0, 3)).toEqual([code, 5, 3 + stage.indexOf(at)]);
});

describe('at run time', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  async function stageError(stage: string, at: string) {
    const home = await tempHome();
    const { events } = await runText(pipe(stage), home, { sources });
    const e = byType(events, 'stage:error')[0]!;
    expect(e.code).toBe('PW3005');
    expect(e.location).toMatch(new RegExp(`t\\.pipe:5:${3 + stage.indexOf(at)}$`));
    return e;
  }

  test('structured pruning of the output layer points at that entry of layers', async () => {
    const e = await stageError('sparsify structured { amount: 0.5, layers: [dense1, dense2] }', 'dense2');
    expect(e.message).toMatch(/output layer/);
  }, 30000);

  test('a layer the model does not have', async () => {
    const e = await stageError('sparsify rigl { sparsity: 0.9, layers: [dense1, conv1], epochs: 1 }', 'conv1');
    expect(e.message).toMatch(/no dense or conv2d layer 'conv1'/);
  }, 30000);
});
