/**
 * What does not parse: a fixture table of sources and the exact diagnostics (code, line,
 * column) they must give: no more (recovery must not cascade), no fewer (one mistake must
 * not hide the next).
 */
import { parsePipe } from '../../dsl/parse.js';

interface Case {
  name: string;
  source: string;
  diagnostics: { code: string; line: number; column: number }[];
  /** Substrings the messages must contain, in order (optional). */
  messages?: string[];
}

const cases: Case[] = [
  {
    name: 'lexer garbage',
    source: 'pipeline a {\n  data mnist { n: 1 % }\n}',
    diagnostics: [{ code: 'PW1001', line: 2, column: 21 }],
    messages: ["unexpected character '%'"],
  },
  {
    name: 'a stray character in a name (no echoes from the rest of the line)',
    source: 'pipeline a {\n  data mnist { drop@fraction: 1 }\n}',
    diagnostics: [{ code: 'PW1001', line: 2, column: 20 }],
  },
  {
    name: 'unclosed stage options before the next stage',
    source: 'pipeline a {\n  data mnist { train: 8000\n  model mlp { layers: [1, 2] }\n}',
    diagnostics: [{ code: 'PW1003', line: 2, column: 27 }],
    messages: ["expected '}' to close the options of stage 'data mnist' opened at 2:14, found 'model'"],
  },
  {
    name: 'unclosed braces at end of file',
    source: 'pipeline a {\n  data mnist {\n    train: 8000\n',
    diagnostics: [{ code: 'PW1003', line: 3, column: 16 }],
    messages: ['found end of file'],
  },
  {
    name: 'unclosed options on consecutive lines, then an unclosed pipeline',
    source: 'pipeline p {\n  data x { a: 1\n  data y { a: 1\n  data z { a: 1 }\n',
    diagnostics: [
      { code: 'PW1003', line: 2, column: 16 },
      { code: 'PW1003', line: 3, column: 16 },
      { code: 'PW1003', line: 4, column: 18 },
    ],
    messages: [
      "close the options of stage 'data x' opened at 2:10, found 'data'",
      "close the options of stage 'data y' opened at 3:10, found 'data'",
      "close pipeline 'p' opened at 1:12, found end of file",
    ],
  },
  {
    name: 'unclosed pipeline before the next pipeline',
    source: 'pipeline a {\n  data x { a: 1 }\npipeline b {}',
    diagnostics: [{ code: 'PW1003', line: 2, column: 18 }],
    messages: ["close pipeline 'a'"],
  },
  {
    name: 'unclosed list and call',
    source: 'pipeline a {\n  data x { a: [1, 2\n  model y { s: cosine(0.3 -> 0.0 }\n}',
    diagnostics: [
      { code: 'PW1003', line: 2, column: 20 },
      { code: 'PW1003', line: 3, column: 34 },
    ],
    messages: ["expected ']' to close the list of 'a'", "expected ')' to close the arguments of 'cosine'"],
  },
  {
    name: "missing ':'",
    source: 'pipeline a {\n  train adam { epochs 20, lr: 0.1 }\n}',
    diagnostics: [{ code: 'PW1002', line: 2, column: 23 }],
    messages: ["expected ':' after 'epochs', found '20'"],
  },
  {
    name: 'missing value',
    source: 'pipeline a {\n  train adam { lr: , epochs: 2 }\n}',
    diagnostics: [{ code: 'PW1004', line: 2, column: 20 }],
    messages: ["expected a value after ':', found ','"],
  },
  {
    name: 'stray tokens in a map, a list and between stages',
    source: 'pipeline a {\n  data x { a: 1, , b: 2 }\n  model y { l: [1 2] } )\n  train z { lr: 0.1 ) e: 2 }\n}',
    diagnostics: [
      { code: 'PW1005', line: 2, column: 18 },
      { code: 'PW1005', line: 3, column: 19 },
      { code: 'PW1005', line: 3, column: 24 },
      { code: 'PW1005', line: 4, column: 21 },
    ],
    messages: ["unexpected ','", "unexpected '2'", "unexpected ')' in pipeline 'a'", "unexpected ')'"],
  },
  {
    name: 'two independent mistakes in one pass',
    source: 'pipeline a {\n  data x { n 1 }\n  model y { k: 2 }\n  train z { lr: [0.1, }\n}',
    diagnostics: [
      { code: 'PW1002', line: 2, column: 14 },
      { code: 'PW1003', line: 4, column: 23 },
    ],
    messages: ["expected ':' after 'n'", "expected ']' to close the list of 'lr' opened at 4:17, found '}'"],
  },
  {
    name: 'missing plugin name and missing options block',
    source: 'pipeline a {\n  data { n: 1 }\n  model mlp\n  train sgd {}\n}',
    diagnostics: [
      { code: 'PW1002', line: 2, column: 8 },
      { code: 'PW1002', line: 3, column: 12 },
    ],
    messages: ["expected a plugin name after 'data'", "expected '{'"],
  },
  {
    name: 'backend and seed without their values',
    source: 'pipeline a {\n  backend\n  seed\n  model m { a: 1 }\n}',
    diagnostics: [
      { code: 'PW1002', line: 2, column: 10 },
      { code: 'PW1002', line: 3, column: 7 },
    ],
    messages: ["expected a backend name", "expected a seed number after 'seed', found 'model'"],
  },
  {
    name: 'missing pipeline name',
    source: 'pipeline {}',
    diagnostics: [{ code: 'PW1002', line: 1, column: 10 }],
  },
  {
    name: 'stray words at the top level and a use after a pipeline',
    source: 'foo\npipeline a {}\nuse "x"',
    diagnostics: [
      { code: 'PW1005', line: 1, column: 1 },
      { code: 'PW1005', line: 3, column: 1 },
    ],
  },
  {
    name: 'extra closing brace',
    source: 'pipeline a {\n  data x { a: 1 }}\n}\n',
    diagnostics: [{ code: 'PW1005', line: 3, column: 1 }],
  },
  {
    name: 'unterminated string',
    source: 'pipeline a {\n  data x { s: "abc }\n  model y {}\n}',
    diagnostics: [{ code: 'PW1006', line: 2, column: 15 }],
  },
  {
    name: 'invalid escape and out-of-range number',
    source: 'pipeline a {\n  data x { s: "a\\qb", n: 1e999 }\n}',
    diagnostics: [
      { code: 'PW1007', line: 2, column: 17 },
      { code: 'PW1008', line: 2, column: 26 },
    ],
  },
  {
    name: 'duplicate keys in options and in call arguments',
    source: 'pipeline a {\n  data x { a: 1, b: { c: 1, c: 2 }, a: 3, f: g(k: 1, k: 2) }\n}',
    diagnostics: [
      { code: 'PW1101', line: 2, column: 29 },
      { code: 'PW1101', line: 2, column: 37 },
      { code: 'PW1101', line: 2, column: 54 },
    ],
    messages: ["duplicate key 'c' in the map of 'b'", "duplicate key 'a' in the options of stage 'data x'", "'k'"],
  },
  {
    name: 'duplicate settings and pipelines, bad seed',
    source: 'pipeline a {\n  seed 1.5\n  seed 3\n  backend cpu\n  backend wasm\n}\npipeline a {}',
    diagnostics: [
      { code: 'PW1105', line: 2, column: 8 },
      { code: 'PW1102', line: 3, column: 8 },
      { code: 'PW1102', line: 5, column: 11 },
      { code: 'PW1103', line: 7, column: 10 },
    ],
  },
  {
    name: 'bad version',
    source: 'version 2\npipeline a {}',
    diagnostics: [{ code: 'PW1104', line: 1, column: 9 }],
  },
  {
    name: 'nesting too deep',
    source: `pipeline a {\n  data x { a: ${'['.repeat(110)}${']'.repeat(110)} }\n}`,
    diagnostics: [{ code: 'PW1009', line: 2, column: 113 }],
  },
];

describe('diagnostics fixture table', () => {
  it.each(cases)('$name', ({ source, diagnostics, messages }) => {
    const result = parsePipe(source, 'case.pipe');
    const got = result.diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column }));
    expect(got).toEqual(diagnostics);
    for (const d of result.diagnostics) expect(d.file).toBe('case.pipe');
    if (messages) {
      messages.forEach((m, i) => expect(result.diagnostics[i]!.message).toContain(m));
    }
  });
});

describe('partial ASTs', () => {
  it('keeps the stages around a broken one', () => {
    const { ast, diagnostics } = parsePipe(
      'pipeline a {\n  data mnist { train: 8000\n  model mlp { layers: [1, 2] }\n  train sgd { lr: 0.1 }\n}',
      'p.pipe',
    );
    expect(diagnostics).toHaveLength(1);
    expect(ast.pipelines[0]!.stages.map((s) => `${s.stageKind} ${s.plugin}`)).toEqual([
      'data mnist',
      'model mlp',
      'train sgd',
    ]);
    expect(ast.pipelines[0]!.stages[0]!.config.entries.map((e) => e.key)).toEqual(['train']);
  });

  it('stops after 100 syntax errors, and says so', () => {
    const source = `pipeline p {\n${'  ) data x { a: 1 }\n'.repeat(300)}}`;
    const { ast, diagnostics } = parsePipe(source, 'many.pipe');
    expect(diagnostics.length).toBeGreaterThanOrEqual(100);
    expect(diagnostics.length).toBeLessThanOrEqual(103);
    expect(diagnostics[diagnostics.length - 1]!.code).toBe('PW1010');
    expect(ast.pipelines[0]!.stages.length).toBeGreaterThanOrEqual(99);
  });

  it('never throws, even on binary noise', () => {
    const noise = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const { ast, diagnostics } = parsePipe(noise, 'noise.pipe');
    expect(ast.kind).toBe('file');
    expect(diagnostics.length).toBeGreaterThan(0);
  });
});
