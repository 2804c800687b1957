/**
 * Tokens of the BIF 0.15 interchange format (as written by JavaBayes, bnlearn and pgmpy).
 *
 * State names in the standard repository are far from identifiers (`<5`, `>=7.5`, `Asy/Patch`,
 * `Transp.`, `12+`, `0_5_MG_L`), so a name is any run of characters that are not whitespace or
 * BIF punctuation. Numbers and keywords are lexed with that `Word` as their longer alternative:
 * `0_5_MG_L` is a word, `0.5` a number, `tablet` a word.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const Word = createToken({ name: 'Word', pattern: /[^\s,;|(){}[\]"]+/ });
export const NumberLit = createToken({
  name: 'Number',
  pattern: /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  longer_alt: Word,
});
export const QuotedName = createToken({ name: 'QuotedName', pattern: /"[^"\n]*"/ });

/**
 * `property <anything>;` is free text in BIF; taking it whole as one token keeps arbitrary
 * property contents (quotes, parentheses, `=`) out of the grammar.
 */
export const Property = createToken({
  name: 'Property',
  pattern: /property(?=[\s"])[^;]*;/i,
  line_breaks: true,
});

function keyword(name: string, word: string): TokenType {
  return createToken({ name, pattern: new RegExp(word, 'i'), longer_alt: Word });
}
export const Network = keyword('Network', 'network');
export const Variable = keyword('Variable', 'variable');
export const Probability = keyword('Probability', 'probability');
export const Type = keyword('Type', 'type');
export const Discrete = keyword('Discrete', 'discrete');
export const Table = keyword('Table', 'table');
export const Default = keyword('Default', 'default');

export const LCurly = createToken({ name: 'LCurly', pattern: /{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/ });
export const RSquare = createToken({ name: 'RSquare', pattern: /]/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Semi = createToken({ name: 'Semi', pattern: /;/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/ });

/** Keywords may also be used as names (a state called `default` is legal BIF). */
export const KEYWORDS = [Network, Variable, Probability, Type, Discrete, Table, Default];

export const BIF_TOKENS: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  Property,
  ...KEYWORDS,
  NumberLit,
  QuotedName,
  Word,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LSquare,
  RSquare,
  Comma,
  Semi,
  Pipe,
];

export const bifLexer = new Lexer(BIF_TOKENS, { positionTracking: 'full', ensureOptimizations: false });
