/**
 * Tokens of the .pipe language. Keywords share the `Name` category with identifiers, so that a
 * rule asking for a `Name` (option keys, call kwarg names, plugin names, `as`/`from` names)
 * also accepts `seed`, `from`, `backend`, ... Stage kinds use `Identifier` alone, which keeps
 * `backend wasm` / `seed 42` / `sweep {` lines unambiguous at the start of a pipeline item.
 *
 * Comments are kept in their own token group (not skipped) so that the formatter can put
 * every one of them back.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Str = createToken({ name: 'Str', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/, // `node-gpu`: inner hyphens (no arithmetic in the DSL)
  categories: [Name],
});

function keyword(word: string, name: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name],
  });
}

export const Version = keyword('version', 'Version');
export const Use = keyword('use', 'Use');
export const Pipeline = keyword('pipeline', 'Pipeline');
export const Backend = keyword('backend', 'Backend');
export const Seed = keyword('seed', 'Seed');
export const Sweep = keyword('sweep', 'Sweep');
export const As = keyword('as', 'As');
export const From = keyword('from', 'From');

export const True = createToken({ name: 'True', pattern: /true/, longer_alt: Identifier });
export const False = createToken({ name: 'False', pattern: /false/, longer_alt: Identifier });

/**
 * `42`, `-3`, `0.5`, `1e-3`, `2.5E+4`, `10k`, `2M`, `1G`. A fraction needs a digit after the
 * dot so that `2..8` lexes as `2` `..` `8`. A suffix must not run into a name (`10kb` is `10`
 * followed by the name `kb`, which the parser then rejects).
 */
export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[kMG](?![A-Za-z0-9_]))?/,
});

/** Escapes are checked (and decoded) by the builder, which can name the bad one. */
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [Str],
});
/** A string cut off by the end of its line: one clear diagnostic instead of a cascade. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  categories: [Str],
});

export const Variable = createToken({ name: 'Variable', pattern: /\$[A-Za-z_][A-Za-z0-9_]*/ });

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./ });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });

export const Comment = createToken({
  name: 'Comment',
  pattern: /(?:#|\/\/)[^\n\r]*/,
  group: 'comments',
});
/** Includes the byte-order mark some Windows editors put at the start of a file. */
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** Order matters: keywords before Identifier, `->` and numbers before each other's prefixes. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  UnterminatedString,
  Arrow,
  NumberLit,
  DotDot,
  Variable,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
  Version,
  Use,
  Pipeline,
  Backend,
  Seed,
  Sweep,
  As,
  From,
  True,
  False,
  Identifier,
  Name,
  Str,
];

export const bracketPairs: ReadonlyArray<readonly [TokenType, TokenType]> = [
  [LCurly, RCurly],
  [LBracket, RBracket],
  [LParen, RParen],
];

/** Built once: Chevrotain's lexer analysis is the slow part of making one. */
export const pipeLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
});
