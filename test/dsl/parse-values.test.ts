/** What parses: every value form, its AST and its JS form, ranges, and the example sketches. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PipeFile, StageNode, ValueNode } from '../../dsl/ast.js';
import { parsePipe } from '../../dsl/parse.js';
import { toJs } from '../../dsl/values.js';
import { allRanges, fixture, isSaneRange, stripRanges } from './helpers.js';

function parseClean(text: string): PipeFile {
  const { ast, diagnostics } = parsePipe(text, 't.pipe');
  expect(diagnostics).toEqual([]);
  return ast;
}

/** The value of option `x` in a one-stage pipeline. */
function valueOf(source: string): ValueNode {
  const ast = parseClean(`pipeline p {\n  data d { x: ${source} }\n}\n`);
  return ast.pipelines[0]!.stages[0]!.config.entries[0]!.value;
}

describe('value forms', () => {
  it.each([
    ['42', 42],
    ['-3', -3],
    ['1e-3', 0.001],
    ['10k', 10000],
    ['"a \\"q\\" \\\\ \\n \\t"', 'a "q" \\ \n \t'],
    ['true', true],
    ['false', false],
    ['relu', 'relu'],
    ['seed', 'seed'],
    ['[]', []],
    ['[1, 2, 3,]', [1, 2, 3]],
    ['[784, 256, 10]', [784, 256, 10]],
    ['{}', {}],
    ['{ xray: yes, n: [1] }', { xray: 'yes', n: [1] }],
    ['{ a: 1\n b: 2 }', { a: 1, b: 2 }],
    ['2..8', { $kind: 'range', from: 2, to: 8 }],
    ['0.3 -> 0.0', { $kind: 'arrow', from: 0.3, to: 0 }],
    ['cosine(0.3 -> 0.0)', { $kind: 'call', name: 'cosine', args: [{ $kind: 'arrow', from: 0.3, to: 0 }], kwargs: {} }],
    ['crown_ibp(eps: 0.1, ramp: 2..10)', { $kind: 'call', name: 'crown_ibp', args: [], kwargs: { eps: 0.1, ramp: { $kind: 'range', from: 2, to: 10 } } }],
    ['step(halve_every: 50)', { $kind: 'call', name: 'step', args: [], kwargs: { halve_every: 50 } }],
    ['none()', { $kind: 'call', name: 'none', args: [], kwargs: {} }],
    ['f(1, from: "x", [2])', { $kind: 'call', name: 'f', args: [1, [2]], kwargs: { from: 'x' } }],
  ])('%s', (source, js) => {
    expect(toJs(valueOf(source))).toEqual(js);
  });

  it('parses nesting up to the limit without running out of stack', () => {
    const pairs = 48; // 96 brackets, + the pipeline and stage braces = 98 < MAX_NESTING
    let v = valueOf(`${'{ a: ['.repeat(pairs)}1${'] }'.repeat(pairs)}`);
    let levels = 0;
    while (v.kind === 'map' || v.kind === 'list') {
      v = v.kind === 'map' ? v.entries[0]!.value : v.items[0]!;
      levels++;
    }
    expect(levels).toBe(2 * pairs);
  });

  it('keeps number spelling in raw', () => {
    const v = valueOf('2.5E+4');
    expect(v).toMatchObject({ kind: 'number', value: 25000, raw: '2.5E+4' });
  });

  it('substitutes $variables from the sweep point', () => {
    const v = valueOf('[$lr, 2]');
    expect(v).toMatchObject({ kind: 'list', items: [{ kind: 'var', name: 'lr' }, { kind: 'number' }] });
    expect(toJs(v, { lr: 0.1 })).toEqual([0.1, 2]);
  });
});

describe('pipelines', () => {
  const source = fixture('small.pipe');
  const ast = parseClean(source);
  const p = ast.pipelines[0]!;

  it('reads version, use, backend, seed and sweep', () => {
    expect(ast.version?.value).toBe(1);
    expect(ast.uses.map((u) => u.target)).toEqual(['./plugins/foo']);
    expect(p.name).toBe('tiny');
    expect(p.backend?.name).toBe('cpu');
    expect(p.seed?.value).toBe(42);
    expect(p.sweeps).toHaveLength(1);
    expect(p.sweeps[0]!.entries.map((e) => [e.key, toJs(e.value)])).toEqual([
      ['lr', [0.1, 0.01]],
      ['batch', [32, 64]],
    ]);
  });

  it('reads stage kind, plugin, alias and inputs', () => {
    const head = (s: StageNode): unknown => [s.stageKind, s.plugin, s.alias?.name, s.from.map((f) => f.name)];
    expect(p.stages.map(head)).toEqual([
      ['data', 'mnist', undefined, []],
      ['model', 'mlp', 'net', []],
      ['train', 'sgd', undefined, ['net']],
      ['evaluate', 'report', undefined, []],
    ]);
    expect(toJs(p.stages[0]!.config)).toEqual({ train: 10000, test: 2000, shuffle: true, name: 'digits "small"' });
  });

  it('keeps comments', () => {
    expect(ast.comments.map((c) => c.text)).toEqual(['// a local plugin']);
  });

  it('gives ranges that slice out exactly the node text', () => {
    const slice = (r: { start: { offset: number }; end: { offset: number } }): string =>
      source.slice(r.start.offset, r.end.offset);
    const train = p.stages[2]!;
    expect(slice(train.stageKindRange)).toBe('train');
    expect(slice(train.pluginRange)).toBe('sgd');
    expect(slice(train.from[0]!.range)).toBe('net');
    expect(slice(train.range)).toMatch(/^train sgd from net \{.*\}$/);
    const schedule = train.config.entries.find((e) => e.key === 'schedule')!;
    expect(slice(schedule.keyRange)).toBe('schedule');
    expect(slice(schedule.value.range)).toBe('cosine(0.1 -> 0.001)');
    expect(slice(schedule.range)).toBe('schedule: cosine(0.1 -> 0.001)');
    expect(slice(p.nameRange)).toBe('tiny');
    // Line/column agree with offsets: `seed 42` is on line 6 at column 8.
    expect(p.seed!.range.start).toEqual({ line: 6, column: 8, offset: source.indexOf('42') });
    expect(p.seed!.range.end).toEqual({ line: 6, column: 10, offset: source.indexOf('42') + 2 });
    for (const r of allRanges(ast)) expect(isSaneRange(r, source.length)).toBe(true);
  });

  it('accepts keywords as option keys, kwarg names and plugin names', () => {
    const a = parseClean('pipeline p {\n  data from { seed: 1, from: 2, as: f(version: 3) }\n  train sweep as use {}\n}');
    const [d, t] = a.pipelines[0]!.stages;
    expect(d!.plugin).toBe('from');
    expect(toJs(d!.config)).toEqual({ seed: 1, from: 2, as: { $kind: 'call', name: 'f', args: [], kwargs: { version: 3 } } });
    expect([t!.plugin, t!.alias?.name]).toEqual(['sweep', 'use']);
  });

  it('accepts a backend name with a dash as a string', () => {
    expect(parseClean('pipeline p {\n  backend "node-gpu"\n}').pipelines[0]!.backend?.name).toBe('node-gpu');
  });

  it('parses a file with no pipelines, and an empty file', () => {
    expect(parseClean('version 1\n').pipelines).toEqual([]);
    expect(parseClean('').pipelines).toEqual([]);
    expect(parseClean('# only a comment').comments).toHaveLength(1);
  });
});

describe('the sketches in docs/pipe-examples.md', () => {
  const ast = parseClean(fixture('examples.pipe'));

  it('all parse, with every pipeline and stage', () => {
    expect(ast.pipelines.map((p) => [p.name, p.stages.length])).toEqual([
      ['sparsevlr_mnist', 7],
      ['rigl_sweep', 5],
      ['deep_compression', 7],
      ['distill_small', 6],
      ['asia_sensitivity', 3],
      ['landau', 3],
      ['gin_mutag', 4],
    ]);
  });

  it('reads the multi-line stage and the nested map', () => {
    const sparse = ast.pipelines[0]!.stages[4]!;
    expect(sparse.alias?.name).toBe('sparse');
    expect(sparse.from.map((f) => f.name)).toEqual(['mnist', 'mlp']);
    expect(toJs(sparse.config)).toMatchObject({
      density: 0.01,
      drop_fraction: { $kind: 'call', name: 'cosine', args: [{ $kind: 'arrow', from: 0.3, to: 0 }] },
      loss: { $kind: 'call', name: 'crown_ibp', kwargs: { eps: 0.1, ramp: { $kind: 'range', from: 2, to: 10 } } },
    });
    const analyze = ast.pipelines[4]!.stages[1]!;
    expect(toJs(analyze.config)).toEqual({ target: 'lung=yes', evidence: { xray: 'yes' }, top: 10, threshold: 0.5 });
  });
});

describe('docs/dsl-reference.md', () => {
  it('has examples that parse cleanly', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/dsl-reference.md', import.meta.url)), 'utf8');
    const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^(version|pipeline)\b/.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) expect(parsePipe(b, 'doc.pipe').diagnostics).toEqual([]);
  });
});

describe('line endings', () => {
  it('reads CRLF files and a byte-order mark like LF files, with the same line numbers', () => {
    const lf = fixture('small.pipe');
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const a = parseClean(lf);
    const b = parseClean(crlf);
    expect(JSON.stringify(stripRanges(b))).toBe(JSON.stringify(stripRanges(a)));
    const lines = (f: PipeFile): number[] => f.pipelines[0]!.stages.map((s) => s.range.start.line);
    expect(lines(b)).toEqual(lines(a));
  });
});

describe('hyphenated names', () => {
  it('lex as one name (backend node-gpu) while `a->b` stays an arrow', async () => {
    const { parsePipe } = await import('../../dsl/parse.js');
    const r = parsePipe('pipeline p {\n  backend node-gpu\n  train adam { lr: cosine(a->b) }\n}', 'h.pipe');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.pipelines[0]!.backend!.name).toBe('node-gpu');
    const lr = r.ast.pipelines[0]!.stages[0]!.config.entries[0]!.value;
    expect(lr.kind === 'call' && lr.args[0]!.value.kind).toBe('arrow');
  });
});
