import { formatPipe } from '../../dsl/format.js';
import { parsePipe } from '../../dsl/parse.js';
import { pipeLexer } from '../../dsl/lexer.js';
import { fixture, rng, stripRanges } from './helpers.js';

function fmt(text: string, width?: number): string {
  const r = formatPipe(text, 'f.pipe', { width });
  expect(r.formatted).toBe(true);
  return r.text;
}

/** Formatting twice changes nothing more, and never changes what the file means. */
function expectStable(text: string, width?: number): string {
  const once = fmt(text, width);
  expect(fmt(once, width)).toBe(once);
  const before = parsePipe(text, 'f.pipe').ast;
  const after = parsePipe(once, 'f.pipe').ast;
  // JSON text: a cheap deep comparison that still shows a readable diff.
  expect(JSON.stringify(stripRanges(after), null, 1)).toBe(JSON.stringify(stripRanges(before), null, 1));
  expect(after.comments.map((c) => c.text)).toEqual(before.comments.map((c) => c.text));
  return once;
}

describe('formatPipe', () => {
  it('lays out a messy file canonically', () => {
    const messy = [
      'version   1',
      'use "./x"',
      'pipeline   p{seed 7',
      '  data mnist      { train: 8000,test:2000, }',
      '      model mlp as m from data {layers:[784,256,10],act:relu',
      '  schedule : cosine( 0.3->0.0 ), ramp:2 .. 8,empty:{},nothing:[]}',
      '}',
    ].join('\n');
    expect(expectStable(messy)).toBe(
      [
        'version 1',
        'use "./x"',
        '',
        'pipeline p {',
        '  seed 7',
        '  data mnist { train: 8000, test: 2000 }',
        '  model mlp as m from data {',
        '    layers: [784, 256, 10],',
        '    act: relu,',
        '    schedule: cosine(0.3 -> 0.0),',
        '    ramp: 2..8,',
        '    empty: {},',
        '    nothing: []',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps number and string spelling', () => {
    const out = expectStable('pipeline p { train t { lr: 1e-3, n: 10k, big: 2.5E+4, s: "a\\"b\\tc" } }');
    expect(out).toContain('lr: 1e-3, n: 10k, big: 2.5E+4, s: "a\\"b\\tc"');
  });

  it('breaks maps, lists and calls that do not fit, innermost last', () => {
    const long = `pipeline p {\n  train t { layers: [${Array.from({ length: 30 }, (_, i) => i * 100).join(', ')}], f: g(a: 1, b: 2) }\n}`;
    const out = expectStable(long, 60);
    expect(out).toContain('  train t {\n    layers: [\n      0,\n      100,');
    expect(out).toContain('    ],\n    f: g(a: 1, b: 2)\n  }');
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('keeps every comment in place', () => {
    const source = [
      '# file header',
      'version 1 # the only version',
      '',
      '// plugins',
      'use "./p"',
      'pipeline p { # after the brace',
      '  seed 1',
      '',
      '',
      '  # above data',
      '  data mnist { train: 1 } # after data',
      '  model mlp { layers: [1, # first',
      '    2],',
      '    # above act',
      '    act: relu',
      '    # before the closing brace',
      '  }',
      '  train # inside a stage header',
      '    sgd {}',
      '  # end of pipeline',
      '}',
      '# end of file',
    ].join('\n');
    expect(expectStable(source)).toBe(
      [
        '# file header',
        'version 1 # the only version',
        '',
        '// plugins',
        'use "./p"',
        '',
        'pipeline p { # after the brace',
        '  seed 1',
        '',
        '  # above data',
        '  data mnist { train: 1 } # after data',
        '  model mlp {',
        '    layers: [',
        '      1, # first',
        '      2',
        '    ],',
        '    # above act',
        '    act: relu',
        '    # before the closing brace',
        '  }',
        '  # inside a stage header',
        '  train sgd {}',
        '  # end of pipeline',
        '}',
        '# end of file',
        '',
      ].join('\n'),
    );
  });

  it('separates pipelines by one blank line', () => {
    expect(expectStable('pipeline a {}\npipeline b {}\n\n\n\npipeline c {}')).toBe(
      'pipeline a {}\n\npipeline b {}\n\npipeline c {}\n',
    );
  });

  it('is idempotent on the example sketches and keeps their meaning', () => {
    expectStable(fixture('examples.pipe'));
    expectStable(fixture('small.pipe'));
    expectStable(fixture('examples.pipe'), 40);
  });

  it('refuses text with syntax errors and returns it unchanged', () => {
    const broken = 'pipeline p {\n  data x { a: }\n';
    const r = formatPipe(broken, 'b.pipe');
    expect(r.formatted).toBe(false);
    expect(r.text).toBe(broken);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PW1004', 'PW1003']);
  });

  it('formats files whose only problems are structural (duplicate key)', () => {
    const r = formatPipe('pipeline p { data x { a: 1, a: 2 } }', 'd.pipe');
    expect(r.formatted).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PW1101']);
    expect(r.text).toBe('pipeline p {\n  data x { a: 1, a: 2 }\n}\n');
  });

  it('formats an empty file to an empty file', () => {
    expect(fmt('')).toBe('');
    expect(fmt('\n\n# c\n')).toBe('# c\n');
  });
});

describe('formatPipe with comments anywhere', () => {
  const sources = [fixture('small.pipe'), fixture('examples.pipe')];
  const notes = ['# a', '// b', '# c d'];

  it('keeps 150 files with comments at random token boundaries stable (seeded)', () => {
    const next = rng(7);
    for (let n = 0; n < 150; n++) {
      const base = sources[n % 2]!;
      const cuts = pipeLexer.tokenize(base).tokens.map((t) => (t.endOffset ?? t.startOffset) + 1);
      let text = base;
      const count = 1 + Math.floor(next() * 3);
      const chosen = Array.from({ length: count }, () => cuts[Math.floor(next() * cuts.length)]!).sort((a, b) => b - a);
      for (const at of chosen) {
        const own = next() < 0.5;
        const note = notes[Math.floor(next() * notes.length)]!;
        text = `${text.slice(0, at)}${own ? '\n' : ' '}${note}\n${text.slice(at)}`;
      }
      expect(parsePipe(text, 'c.pipe').diagnostics).toEqual([]);
      expectStable(text);
    }
  });
});
