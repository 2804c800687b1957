/**
 * The one place where Chevrotain's lexer and parser errors become pipewright diagnostics.
 *
 * The parser is given `errorEncoder` as its message provider, so each recognition exception's
 * `message` is a small JSON record (what was expected, in which rule, after which token)
 * instead of prose; `parsingDiagnostics` turns those records into coded, human messages.
 * Whether the offending token was later consumed (it is in the CST) or skipped tells a missing
 * closer ("expected '}' to close ...") from a stray token ("unexpected ')'").
 */
import type {
  CstNode,
  ILexingError,
  IParserErrorMessageProvider,
  IRecognitionException,
  IToken,
  TokenType,
} from 'chevrotain';
import type { Diagnostic, Position, Range } from './diagnostics.js';
import { diagnostic, messages, quote, type CodedMessage } from './codes.js';
import { errorFacts, type ErrorFacts } from './error-facts.js';
import { at, endOf, endOfText, isReal, startOf, tokenRange } from './ranges.js';

interface Encoded {
  kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'redundant';
  expected: string[];
  rule: string;
  prev?: { image: string; end: Position };
}

function prevInfo(prev: IToken | undefined): Encoded['prev'] {
  return isReal(prev) ? { image: prev.image, end: endOf(prev) } : undefined;
}

function firstTokens(paths: TokenType[][]): string[] {
  return [...new Set(paths.map((p) => p[0]?.name ?? 'EOF'))];
}

/** A message provider that records instead of phrasing, and counts the errors of a parse. */
export interface ErrorEncoder extends IParserErrorMessageProvider {
  /** Errors encoded since the last reset; cheaper than `parser.errors`, which copies. */
  count: number;
}

export function createErrorEncoder(): ErrorEncoder {
  const encode = (e: Encoded): string => {
    encoder.count++;
    return JSON.stringify(e);
  };
  const encoder: ErrorEncoder = {
    count: 0,
    buildMismatchTokenMessage: ({ expected, previous, ruleName }) =>
      encode({ kind: 'mismatch', expected: [expected.name], rule: ruleName, prev: prevInfo(previous) }),
    buildNotAllInputParsedMessage: ({ ruleName }) => encode({ kind: 'redundant', expected: ['EOF'], rule: ruleName }),
    buildNoViableAltMessage: ({ expectedPathsPerAlt, previous, ruleName }) =>
      encode({
        kind: 'noViableAlt',
        expected: firstTokens(expectedPathsPerAlt.flat()),
        rule: ruleName,
        prev: prevInfo(previous),
      }),
    buildEarlyExitMessage: ({ expectedIterationPaths, previous, ruleName }) =>
      encode({
        kind: 'earlyExit',
        expected: firstTokens(expectedIterationPaths),
        rule: ruleName,
        prev: prevInfo(previous),
      }),
  };
  return encoder;
}

export interface ParseErrorContext {
  text: string;
  file: string;
  /** The real tokens the parser saw, in order. */
  tokens: IToken[];
  /** Opening bracket offset → what it opens. */
  openers: ReadonlyMap<number, string>;
  cst: CstNode;
}

export function lexingDiagnostics(errors: ILexingError[], text: string, file: string): Diagnostic[] {
  return errors.map((e) => {
    const start: Position = { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset };
    const end: Position = { ...start, column: start.column + e.length, offset: e.offset + e.length };
    return diagnostic(messages.unexpectedCharacter(text.slice(e.offset, e.offset + e.length)), file, { start, end });
  });
}

const closers: Record<string, string> = { RCurly: '}', RBracket: ']', RParen: ')' };

export function parsingDiagnostics(errors: IRecognitionException[], ctx: ParseErrorContext): Diagnostic[] {
  if (!errors.length) return [];
  const facts = errorFacts(ctx.cst, ctx.tokens);
  const out: Diagnostic[] = [];
  const seenTokens = new Set<number>();
  for (const e of errors) {
    const where = isReal(e.token) ? e.token.startOffset : ctx.text.length;
    // Recovery can stumble over the same token twice; the first report is the useful one.
    if (seenTokens.has(where)) continue;
    seenTokens.add(where);
    const { message, range } = describe(e, decode(e), ctx, facts);
    out.push(diagnostic(message, ctx.file, range));
  }
  return out;
}

function decode(e: IRecognitionException): Encoded {
  try {
    return JSON.parse(e.message) as Encoded;
  } catch {
    return { kind: 'mismatch', expected: [], rule: '' };
  }
}

function describe(
  e: IRecognitionException,
  enc: Encoded,
  ctx: ParseErrorContext,
  facts: ErrorFacts,
): { message: CodedMessage; range: Range } {
  const tok = e.token;
  const real = isReal(tok);
  const found = real ? quote(tok.image) : 'end of file';
  const atToken = real ? tokenRange(tok) : at(endOfText(ctx.text));
  // "expected X" points where X belongs: after the previous token when the found one is elsewhere.
  const gap = enc.prev && (!real || (tok.startLine ?? 0) > enc.prev.end.line) ? at(enc.prev.end) : atToken;
  const offset = real ? tok.startOffset : ctx.text.length;
  const index = facts.tokenIndex(offset);
  const after = enc.prev ? quote(enc.prev.image) : undefined;
  const expected = enc.expected[0] ?? '';

  if (enc.kind === 'mismatch' && closers[expected]) {
    const skipped = real && !facts.consumed.has(tok.startOffset);
    // The parser's view of what is open (recovery may have closed brackets the text never
    // closes); plain bracket counting when the rule's node was closed after all.
    const opener = facts.unclosedOpener(enc.rule, offset) ?? facts.enclosingOpener(index);
    if (!skipped && opener) {
      const what = ctx.openers.get(opener.startOffset) || `the '${opener.image}'`;
      const pos = startOf(opener);
      return { message: messages.unclosed(closers[expected]!, what, `${pos.line}:${pos.column}`, found), range: gap };
    }
    const hint = `expected ${quote(closers[expected]!)}`;
    return { message: messages.unexpectedToken(found, where(ctx, facts, index), hint), range: atToken };
  }
  if (enc.kind === 'mismatch' && expected !== 'EOF') {
    return { message: messages.expectedToken(expectedName(expected, enc), after, found), range: gap };
  }
  if (enc.kind === 'noViableAlt' && enc.rule === 'backendDecl') {
    return { message: messages.expectedToken('a backend name (a name, or a "string")', after, found), range: gap };
  }
  if (enc.kind === 'noViableAlt' && enc.rule === 'primary') {
    return { message: messages.expectedValue(after, found), range: gap };
  }
  const hint =
    enc.rule === 'item'
      ? 'a pipeline holds stages (KIND PLUGIN { ... }) and backend, seed and sweep lines'
      : enc.rule === 'file' || expected === 'EOF'
        ? "the top level holds 'version', 'use' and 'pipeline' blocks"
        : undefined;
  return { message: messages.unexpectedToken(found, where(ctx, facts, index), hint), range: atToken };
}

function expectedName(tokenType: string, enc: Encoded): string {
  const prev = enc.prev?.image;
  switch (tokenType) {
    case 'Name':
    case 'Identifier':
      if (enc.rule === 'stage') {
        return prev === 'as' || prev === 'from' || prev === ',' ? 'a stage name' : 'a plugin name';
      }
      if (enc.rule === 'pipeline') return 'a pipeline name';
      if (enc.rule === 'entry') return 'an option name';
      return 'a name';
    case 'NumberLit':
      return enc.rule === 'versionDecl' ? 'a version number' : enc.rule === 'seedDecl' ? 'a seed number' : 'a number';
    case 'Str':
      return enc.rule === 'useDecl' ? 'a quoted package name or path' : 'a string';
    case 'LCurly':
      return enc.rule === 'map' && prev !== 'sweep' ? "'{' (the options block, '{}' when empty)" : "'{'";
    case 'Colon':
      return "':'";
    case 'Comma':
      return "','";
    default:
      return tokenType.toLowerCase();
  }
}

function where(ctx: ParseErrorContext, facts: ErrorFacts, index: number): string | undefined {
  const opener = facts.enclosingOpener(index);
  return opener ? ctx.openers.get(opener.startOffset) || undefined : undefined;
}
