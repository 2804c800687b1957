/**
 * Token → Range. Convention used by every DSL node and diagnostic: `start` is the first
 * character, `end` is the position just past the last character (exclusive), both with
 * 1-based line/column and 0-based offset; `text.slice(start.offset, end.offset)` is the node.
 *
 * Tokens that Chevrotain invents during recovery (and its EOF token) have NaN positions;
 * `isReal` tells them apart and callers fall back to a neighbouring real token.
 */
import type { IToken } from 'chevrotain';
import type { Position, Range } from './diagnostics.js';

export function isReal(tok: IToken | undefined): tok is IToken {
  return tok !== undefined && !Number.isNaN(tok.startOffset) && tok.isInsertedInRecovery !== true;
}

export function startOf(tok: IToken): Position {
  return { line: tok.startLine ?? 1, column: tok.startColumn ?? 1, offset: tok.startOffset };
}

export function endOf(tok: IToken): Position {
  return {
    line: tok.endLine ?? tok.startLine ?? 1,
    column: (tok.endColumn ?? tok.startColumn ?? 0) + 1,
    offset: (tok.endOffset ?? tok.startOffset) + 1,
  };
}

export function tokenRange(tok: IToken): Range {
  return { start: startOf(tok), end: endOf(tok) };
}

export function span(from: Range, to: Range): Range {
  return { start: from.start, end: to.end };
}

export function at(pos: Position): Range {
  return { start: pos, end: pos };
}

/** The end of the text, for diagnostics about a missing closer at end of file. */
export function endOfText(text: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: text.length - lineStart + 1, offset: text.length };
}
