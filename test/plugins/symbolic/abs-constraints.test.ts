/**
 * The committed ABS pipeline states the authors' prior knowledge and nothing else
 * (`magic_constraints.json` of Kubalík & Babuška's EN4SR, see
 * ../shared/data/symreg/PROVENANCE.md): the documented comparison with the unconstrained network
 * is only about their configuration if the .pipe file keeps to it. Their "decreasing with
 * positive second derivative" on [0.3, 1] is written here as monotone decreasing plus convex.
 */
import { join } from 'node:path';
import { preparePipe } from '../../../kernel/session.js';
import { parseConstraints, type ConstraintSpec } from '../../../lib/symbolic/index.js';
import { plugins } from '../../../plugins/symbolic/index.js';
import { fakeBackend } from '../../kernel/toy-plugins.js';

const vars = ['s'];
const authors = [
  'value s=0 → 0',
  'monotone +1 on [0, 0.04]',
  'curvature -1 on [0.02, 0.1]',
  'monotone -1 on [0.3, 1]',
  'curvature +1 on [0.3, 1]',
];

function show(s: ConstraintSpec): string {
  const box = (k: number) => `[${s.on[k]![0]}, ${s.on[k]![1]}]`;
  switch (s.type) {
    case 'value':
      return `value ${Object.entries(s.at).map(([k, v]) => `${vars[Number(k)]}=${v}`).join(',')} → ${s.equals}`;
    case 'monotone':
    case 'curvature':
      return `${s.type} ${s.sign > 0 ? '+1' : '-1'} on ${box(s.variable)}`;
    default:
      return s.type;
  }
}

test('pipelines/symreg-abs.pipe lists exactly the authors’ constraints for the magic formula', async () => {
  const prep = await preparePipe(join(process.cwd(), 'pipelines/symreg-abs.pipe'), { builtins: [{ origin: 'test', plugins, backends: [fakeBackend] }] });
  expect(prep.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const train = prep.plan!.units[0]!.stages.find((s) => s.plugin.id === 'train/symreg')!;
  const { specs, issues } = parseConstraints(train.config.constraints as unknown[], vars, [[0, 1]]);
  expect(issues).toEqual([]);
  expect(specs.map(show)).toEqual(authors);
});
