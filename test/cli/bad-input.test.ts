/**
 * The table of broken .pipe files, each through `pipewright run`: one clear line per
 * mistake with a code and FILE:LINE:COL, a non-zero exit, no stack trace, and nothing partial left
 * in the cache.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from './cli-helpers.js';

const base = `pipeline p {
  data toy { n: 3 }
  model toy { scale: 2 }
  train toy { epochs: 3 }
  evaluate toy { }
}
`;

const table: { name: string; text: string; code: string; line: number }[] = [
  { name: 'lexer garbage', text: base.replace('n: 3', 'n: 3 §§'), code: 'PW1001', line: 2 },
  { name: 'unclosed brace', text: base.replace('{ scale: 2 }', '{ scale: 2'), code: 'PW1003', line: 3 },
  { name: 'unknown stage kind', text: base.replace('model toy', 'modle toy'), code: 'PW2001', line: 3 },
  { name: 'unknown plugin', text: base.replace('model toy', 'model yot'), code: 'PW2002', line: 3 },
  { name: 'wrong option type', text: base.replace('epochs: 3', 'epochs: "three"'), code: 'PW2004', line: 4 },
  { name: 'missing required option', text: base.replace('evaluate toy { }', 'verify toy { }'), code: 'PW2005', line: 5 },
  { name: 'cycle in from', text: base.replace('model toy {', 'model toy as m from t {').replace('train toy {', 'train toy as t from m {'), code: 'PW2007', line: 3 },
  { name: 'unknown use target', text: `use "./missing-plugin"\n${base}`, code: 'PW2011', line: 1 },
  { name: 'plugin throws mid-run', text: base.replace('epochs: 3', 'epochs: 3, fail_at: 1'), code: 'PW3001', line: 4 },
  { name: 'NaN loss', text: base.replace('epochs: 3', 'epochs: 3, nan_at: 1'), code: 'PW3002', line: 4 },
];

describe('bad input through `pipewright run`', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-bad-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(table)('$name → $code at line $line', async ({ name, text, code, line }) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.pipe`);
    const home = join(dir, `${name.replace(/\W+/g, '-')}.home`);
    await writeFile(file, text);
    const r = await cli(['run', file, '--home', home]);
    expect(r.code).toBe(1);
    const all = r.out + r.err;
    const lines = all.split('\n').filter((l) => l.includes(` ${code}`));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+`));
    expect(all).not.toMatch(/\n\s+at .*\.(ts|js):\d+:\d+/); // no stack trace
    // Nothing half-written: no temp entries, and only stages that finished are cached.
    expect(await readdir(join(home, 'cache', 'tmp')).catch(() => [])).toEqual([]);
    const shards = await readdir(join(home, 'cache', 'entries')).catch(() => [] as string[]);
    const entries = (await Promise.all(shards.map((s) => readdir(join(home, 'cache', 'entries', s))))).flat();
    expect(entries.length).toBeLessThanOrEqual(code.startsWith('PW3') ? 1 : 0); // at most `model`
  });
});
