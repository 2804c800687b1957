import { preparePipe } from '../../kernel/session.js';
import { toySources } from './toy-plugins.js';

async function diagsOf(text: string) {
  const p = await preparePipe('t.pipe', { builtins: toySources, text });
  return p.diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message, hint: d.hint }));
}

const ok = `pipeline p {
  data toy { n: 3 }
  model toy { scale: 2 }
  train toy { epochs: 2 }
  evaluate toy { }
}`;

describe('linker', () => {
  it('links a chain: ports by type, names by kind, defaults applied, keys computed', async () => {
    const p = await preparePipe('t.pipe', { builtins: toySources, text: ok });
    expect(p.diagnostics).toEqual([]);
    const u = p.plan!.units[0]!;
    expect(u.stages.map((s) => s.name)).toEqual(['data', 'model', 'train', 'evaluate']);
    expect(u.stages[2]!.inputs).toEqual({ model: 'model', data: 'data' });
    expect(u.stages[3]!.inputs).toEqual({ model: 'train', data: 'data' });
    expect(u.stages[2]!.config).toMatchObject({ epochs: 2, lr: 0.1, fail_at: -1 });
    expect(new Set(u.stages.map((s) => s.key)).size).toBe(4);
  });

  it('keys change with config, seed and upstream, not with spelling or key order', async () => {
    const key = async (t: string) => (await preparePipe('t.pipe', { builtins: toySources, text: t })).plan!.units[0]!.stages.map((s) => s.key);
    const base = await key(ok);
    expect(await key(ok.replace('{ epochs: 2 }', '{ epochs: 2, lr: 1e-1 }'))).toEqual(base);
    const changed = await key(ok.replace('scale: 2', 'scale: 3'));
    expect(changed[0]).toBe(base[0]);
    expect(changed[1]).not.toBe(base[1]);
    expect(changed[2]).not.toBe(base[2]); // downstream of the change
    const seeded = await key(ok.replace('pipeline p {', 'pipeline p {\n  seed 5'));
    expect(seeded[0]).not.toBe(base[0]);
  });

  it('expands a sweep into units and substitutes $vars', async () => {
    const p = await preparePipe('t.pipe', { builtins: toySources, text: ok.replace('pipeline p {', 'pipeline p {\n  sweep { s: [1, 2], seed: [7, 8] }').replace('scale: 2', 'scale: $s') });
    expect(p.diagnostics).toEqual([]);
    expect(p.plan!.units.map((u) => u.id)).toEqual(['p[s=1,seed=7]', 'p[s=1,seed=8]', 'p[s=2,seed=7]', 'p[s=2,seed=8]']);
    expect(p.plan!.units[3]!.seed).toBe(8);
    expect(p.plan!.units[3]!.stages[1]!.config.scale).toBe(2);
    // The data stage does not depend on s: same key across s for the same seed (computed once).
    expect(p.plan!.units[0]!.stages[0]!.key).toBe(p.plan!.units[2]!.stages[0]!.key);
  });

  it('checks every sweep point: a mistake in one point only is still reported, once', async () => {
    const text = ok.replace('pipeline p {', 'pipeline p {\n  sweep { e: [3, 1, 1] }').replace('{ epochs: 2 }', '{ epochs: $e, fail_at: 2 }');
    const p = await preparePipe('t.pipe', { builtins: toySources, text });
    expect(p.diagnostics.map((d) => d.code)).toEqual(['PW2013']);
    expect(p.plan).toBeUndefined();
  });

  it('resolves `from` by stage name or plugin name and collects multiple ports', async () => {
    const text = `pipeline p {
  data toy
  { }
  model toy as a { scale: 1 }
  model toy as b from data { scale: 2 }
  train toy as ta from a { }
  evaluate compare from ta, b { }
}`;
    const p = await preparePipe('t.pipe', { builtins: toySources, text });
    expect(p.diagnostics).toEqual([]);
    const st = Object.fromEntries(p.plan!.units[0]!.stages.map((s) => [s.name, s.inputs]));
    expect(st.ta).toEqual({ model: 'a', data: 'data' });
    expect(st.evaluate).toEqual({ models: ['ta', 'b'] });
  });

  const table: { name: string; text: string; codes: [string, number, number][] }[] = [
    { name: 'unknown stage kind', text: `pipeline p {\n  dta toy { }\n}`, codes: [['PW2001', 2, 3]] },
    { name: 'unknown plugin', text: `pipeline p {\n  data tyo { }\n}`, codes: [['PW2002', 2, 8]] },
    { name: 'unknown option', text: `pipeline p {\n  data toy { m: 3 }\n}`, codes: [['PW2003', 2, 14]] },
    { name: 'wrong option type', text: `pipeline p {\n  data toy { n: "three" }\n}`, codes: [['PW2004', 2, 17]] },
    { name: 'option below minimum', text: `pipeline p {\n  data toy { n: 0 }\n}`, codes: [['PW2004', 2, 17]] },
    { name: 'bad enum', text: `pipeline p {\n  data toy { }\n  model toy { activation: relux }\n}`, codes: [['PW2004', 3, 27]] },
    { name: 'anyOf failure', text: `pipeline p {\n  data toy { }\n  model toy { }\n  train toy { lr: -1 }\n}`, codes: [['PW2004', 4, 19]] },
    { name: 'plugin check', text: `pipeline p {\n  data toy { }\n  model toy { }\n  train toy { epochs: 2, fail_at: 5 }\n}`, codes: [['PW2013', 4, 35]] },
    { name: 'missing required option', text: `pipeline p {\n  data toy { }\n  model toy { }\n  verify toy { }\n}`, codes: [['PW2005', 4, 14]] },
    { name: 'port type mismatch', text: `pipeline p {\n  data toybn { }\n  model toy { }\n}`, codes: [['PW2008', 3, 3]] },
    { name: 'unknown from', text: `pipeline p {\n  data toy { }\n  model toy from dta { }\n}`, codes: [['PW2006', 3, 18]] },
    { name: 'cycle in from', text: `pipeline p {\n  data toy { }\n  model toy as a from b { }\n  model toy as b from a { }\n}`, codes: [['PW2007', 3, 23]] },
    { name: 'duplicate stage names', text: `pipeline p {\n  data toy as x { }\n  model toy as x { }\n}`, codes: [['PW2009', 3, 16]] },
    { name: 'unknown backend', text: `pipeline p {\n  backend wsam\n  data toy { }\n}`, codes: [['PW2010', 2, 11]] },
    { name: 'unknown sweep var', text: `pipeline p {\n  data toy { n: $k }\n}`, codes: [['PW2014', 2, 17]] },
    { name: 'unknown use target', text: `use "./nope"\npipeline p {\n  data toy { }\n}`, codes: [['PW2011', 1, 1]] },
    {
      name: 'several independent mistakes in one pass',
      text: `pipeline p {\n  data toy { n: 0 }\n  model tyo { }\n  train toy { epochz: 1 }\n}`,
      codes: [['PW2004', 2, 17], ['PW2002', 3, 9], ['PW2003', 4, 15]],
    },
  ];
  it.each(table)('$name', async ({ text, codes }) => {
    const ds = await diagsOf(text);
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual(codes);
  });

  it('suggests the nearest name for unknown plugins, kinds, options and enum values', async () => {
    expect((await diagsOf(`pipeline p {\n  dta toy { }\n}`))[0]!.hint).toMatch(/data/);
    expect((await diagsOf(`pipeline p {\n  data tyo { }\n}`))[0]!.hint).toMatch(/'toy'/);
    expect((await diagsOf(`pipeline p {\n  data toy { nn: 1 }\n}`))[0]!.hint).toMatch(/'n'/);
    expect((await diagsOf(`pipeline p {\n  data toy { }\n  model toy { activation: relux }\n}`))[0]!.hint).toMatch(/'relu'/);
  });
});
