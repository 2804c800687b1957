/**
 * Bad NASiam options through the kernel, each a diagnostic at its place in the .pipe file
 * (plugin checks, PW2013): an unknown candidate operation (listing the valid ones), an unknown
 * augmentation (likewise), zero head layers, an inline backbone whose output width does not fit
 * the projector. The shipped pipeline links with the intended ports.
 */
import { join } from 'node:path';
import type { PluginSource } from '../../../kernel/container.js';
import { preparePipe } from '../../../kernel/session.js';
import { backends } from '../../../plugins/backends/index.js';
import { plugins as nasiam } from '../../../plugins/nasiam/index.js';
import { plugins as nn } from '../../../plugins/nn/index.js';

const sources: PluginSource[] = [
  { origin: 'builtin:backends', plugins: [], backends },
  { origin: 'builtin:nn', plugins: nn },
  { origin: 'builtin:nasiam', plugins: nasiam },
];

const pipe = (stage: string) => `pipeline p {
  ${stage}
  evaluate linear_probe { }
}`;
const withPairs = (stage: string) => pipe(`data augmented_pairs { train: 100, test: 50 }\n  ${stage}`);

async function diags(text: string) {
  const p = await preparePipe('t.pipe', { builtins: sources, text });
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message] as const);
}

test.each([
  ['unknown candidate', 'search nasiam { candidates: [identity, linear_gelu] }', 'linear_gelu', /unknown candidate operation 'linear_gelu'; valid ones: identity, linear, linear_relu, linear_silu/],
  ['zero projector layers', 'search nasiam { projector_layers: 0 }', '0 }', /projector_layers must be at least 1/],
  ['zero predictor layers in simsiam', 'model simsiam { predictor: [] }', '[]', /predictor must be at least 1/],
  ['backbone does not fit the projector', 'search nasiam { backbone: { channels: [8, 32] }, dim: 16 }', '32]', /backbone outputs 32 features but the projector takes dim = 16/],
  ['unknown candidate in a fixed head', 'model simsiam { projector: [linear_relu, conv3x3] }', 'conv3x3', /unknown candidate operation 'conv3x3'/],
])('%s', async (_name, stage, at, message) => {
  const d = await diags(withPairs(stage));
  expect(d).toHaveLength(1);
  expect(d[0]!.slice(0, 3)).toEqual(['PW2013', 3, 3 + stage.indexOf(at)]);
  expect(d[0]![3]).toMatch(message);
});

test('an unknown augmentation lists the valid ones', async () => {
  const stage = 'data augmented_pairs { augment: [crop, rotate] }';
  const d = await diags(`pipeline p {\n  ${stage}\n}`);
  expect(d).toHaveLength(1);
  expect(d[0]!.slice(0, 3)).toEqual(['PW2013', 2, 3 + stage.indexOf('rotate')]);
  expect(d[0]![3]).toMatch(/unknown augmentation 'rotate'; valid ones: crop, flip, noise, brightness, erase$/);
});

test('a good pipe links; the shipped pipeline links with the intended ports', async () => {
  expect(await diags(withPairs('search nasiam { backbone: { channels: [8, 16] }, dim: 16 }'))).toEqual([]);
  const p = await preparePipe(join(process.cwd(), 'pipelines/nasiam.pipe'), { builtins: sources });
  expect(p.diagnostics).toEqual([]);
  const stages = Object.fromEntries(p.plan!.units[0]!.stages.map((s) => [s.name, s]));
  expect(stages.search!.inputs).toEqual({ data: 'pairs', backbone: 'backbone' });
  expect(stages.searched_net!.inputs).toEqual({ data: 'pairs', backbone: 'backbone', searched: 'search' });
  expect(stages.standard_net!.inputs).toEqual({ data: 'pairs', backbone: 'backbone' });
  expect(stages.searched!.inputs).toEqual({ model: 'searched_net', data: 'pairs' });
  expect(stages.standard_probe!.inputs).toEqual({ model: 'standard', data: 'pairs' });
  const ablation = await preparePipe(join(process.cwd(), 'pipelines/nasiam-no-identity.pipe'), { builtins: sources });
  expect(ablation.diagnostics).toEqual([]);
});
