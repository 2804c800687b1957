/**
 * Text → AST + diagnostics. Never throws: whatever the input, the caller gets an AST (partial
 * where the text is broken) and every problem found in one pass, sorted by position.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Comment, PipeFile } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { AstBuilder } from './builder.js';
import { lexingDiagnostics, parsingDiagnostics } from './chevrotain-errors.js';
import { diagnostic, messages } from './codes.js';
import { pipeLexer } from './lexer.js';
import { MAX_PARSE_ERRORS, pipeParser } from './parser.js';
import { at, endOfText, tokenRange } from './ranges.js';

export interface ParseResult {
  ast: PipeFile;
  diagnostics: Diagnostic[];
}

/**
 * Deeper than any config needs. The parser recurses per level, and 400 nested maps overflow
 * Node's default stack (measured); 100 keeps well clear of it.
 */
export const MAX_NESTING = 100;

export function parsePipe(text: string, file: string): ParseResult {
  try {
    return parseOrThrow(text, file);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ast: emptyFile(text, file, []),
      diagnostics: [diagnostic(messages.internalError(detail), file, at({ line: 1, column: 1, offset: 0 }))],
    };
  }
}

function parseOrThrow(text: string, file: string): ParseResult {
  const lexed = pipeLexer.tokenize(text);
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t: IToken) => ({
    text: t.image,
    range: tokenRange(t),
  }));
  const diagnostics = lexingDiagnostics(lexed.errors, text, file);
  const tooDeep = firstTooDeep(lexed.tokens);
  if (tooDeep) {
    diagnostics.push(diagnostic(messages.tooDeep(MAX_NESTING), file, tokenRange(tooDeep)));
    return { ast: emptyFile(text, file, comments), diagnostics };
  }
  const parser = pipeParser();
  // Recovery throws and catches many exceptions; their stack traces are never read.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let cst: CstNode;
  try {
    cst = parser.parseTokens(lexed.tokens);
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
  const parseErrors = parsingDiagnostics(parser.errors, {
    text,
    file,
    tokens: lexed.tokens,
    openers: parser.openers,
    cst,
  });
  const builder = new AstBuilder(text, file);
  const ast = builder.buildFile(cst, comments);
  diagnostics.push(...builder.diagnostics);
  diagnostics.push(...parseErrors.filter((d) => !followsBrokenToken(d, diagnostics)));
  if (parser.errors.length >= MAX_PARSE_ERRORS) {
    const last = parseErrors[parseErrors.length - 1]!;
    diagnostics.push(diagnostic(messages.tooManyErrors(MAX_PARSE_ERRORS), file, last.range));
  }
  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { ast, diagnostics };
}

/**
 * A dropped character or a string that runs to the end of its line leaves the rest of that
 * line misread; parse errors after it on the same line are echoes, not news.
 */
function followsBrokenToken(d: Diagnostic, earlier: Diagnostic[]): boolean {
  return earlier.some(
    (e) =>
      (e.code === 'PW1001' || e.code === 'PW1006') &&
      e.range.start.line === d.range.start.line &&
      e.range.start.offset <= d.range.start.offset,
  );
}

function firstTooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const c = t.image;
    if (c === '{' || c === '[' || c === '(') {
      if (++depth > MAX_NESTING) return t;
    } else if (c === '}' || c === ']' || c === ')') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function emptyFile(text: string, file: string, comments: Comment[]): PipeFile {
  return {
    kind: 'file',
    file,
    uses: [],
    pipelines: [],
    comments,
    range: { start: { line: 1, column: 1, offset: 0 }, end: endOfText(text) },
  };
}
