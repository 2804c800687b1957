import { pipeLexer } from '../../dsl/lexer.js';
import { numberValue } from '../../dsl/literals.js';

function kinds(text: string): string[] {
  const r = pipeLexer.tokenize(text);
  expect(r.errors).toEqual([]);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('lexer', () => {
  it('reads every number spelling as one token', () => {
    for (const n of ['42', '-3', '0.5', '1e-3', '2.5E+4', '10k', '2M', '1G', '-1.5e2k']) {
      expect(kinds(n)).toEqual([`NumberLit:${n}`]);
    }
  });

  it('splits ranges and arrows around numbers', () => {
    expect(kinds('2..8')).toEqual(['NumberLit:2', 'DotDot:..', 'NumberLit:8']);
    expect(kinds('1..-3')).toEqual(['NumberLit:1', 'DotDot:..', 'NumberLit:-3']);
    expect(kinds('0.3 -> 0.0')).toEqual(['NumberLit:0.3', 'Arrow:->', 'NumberLit:0.0']);
    expect(kinds('0.3->-1')).toEqual(['NumberLit:0.3', 'Arrow:->', 'NumberLit:-1']);
  });

  it('does not let a suffix run into a name', () => {
    expect(kinds('10kb')).toEqual(['NumberLit:10', 'Identifier:kb']);
  });

  it('tells keywords from identifiers that start with them', () => {
    expect(kinds('seed seeds from fromage true trueish as asia')).toEqual([
      'Seed:seed',
      'Identifier:seeds',
      'From:from',
      'Identifier:fromage',
      'True:true',
      'Identifier:trueish',
      'As:as',
      'Identifier:asia',
    ]);
  });

  it('reads strings, unterminated strings and variables', () => {
    expect(kinds('"a \\"b\\" \\\\ c"')).toEqual(['StringLit:"a \\"b\\" \\\\ c"']);
    expect(kinds('"abc')).toEqual(['UnterminatedString:"abc']);
    expect(kinds('$density')).toEqual(['Variable:$density']);
  });

  it('keeps comments in their own group, both styles', () => {
    const r = pipeLexer.tokenize('a # one\n// two\nb');
    expect(r.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect(r.groups.comments!.map((t) => t.image)).toEqual(['# one', '// two']);
  });

  it('reports characters it cannot read, with their position', () => {
    const r = pipeLexer.tokenize('a %% b\n  @');
    expect(r.errors.map((e) => [e.line, e.column, e.length])).toEqual([
      [1, 3, 2],
      [2, 3, 1],
    ]);
  });
});

describe('numberValue', () => {
  it.each([
    ['42', 42],
    ['-3', -3],
    ['0.5', 0.5],
    ['1e-3', 0.001],
    ['2.5E+4', 25000],
    ['10k', 10000],
    ['2M', 2e6],
    ['1G', 1e9],
    ['0.1k', 100],
    ['1e-3k', 1],
  ])('%s is %d', (raw, value) => {
    expect(numberValue(raw)).toBe(value);
  });
});
