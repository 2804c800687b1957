/**
 * Number and string literals: their values, and the problems a token's text can still have
 * after lexing (an escape the language lacks, a number past float64's range).
 */
import type { IToken } from 'chevrotain';
import type { Position } from './diagnostics.js';
import { messages, type CodedMessage } from './codes.js';
import { startOf } from './ranges.js';

const suffixExponent: Record<string, number> = { k: 3, M: 6, G: 9 };

/**
 * `10k` → 10000, `2.5M` → 2500000, `1e-3k` → 1. The suffix is folded into the decimal
 * exponent before conversion, so `0.1k` is exactly 100 rather than 0.1 * 1000.
 */
export function numberValue(raw: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?([kMG])?$/.exec(raw);
  if (!m) return Number.NaN;
  const exponent = Number(m[2] ?? 0) + (m[3] ? suffixExponent[m[3]]! : 0);
  return Number(`${m[1]}e${exponent}`);
}

export interface LiteralProblem {
  message: CodedMessage;
  start: Position;
  length: number;
}

const escapes: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

/** Decodes a `StringLit` or `UnterminatedString` token; problems carry their own position. */
export function stringValue(tok: IToken): { value: string; problems: LiteralProblem[] } {
  const image = tok.image;
  const terminated = image.length >= 2 && image.endsWith('"') && tok.tokenType.name === 'StringLit';
  const body = terminated ? image.slice(1, -1) : image.slice(1);
  const problems: LiteralProblem[] = [];
  const start = startOf(tok);
  const posAt = (i: number): Position => ({
    line: start.line,
    column: start.column + 1 + i,
    offset: start.offset + 1 + i,
  });
  if (!terminated) problems.push({ message: messages.unterminatedString(), start, length: image.length });
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && escapes[next] !== undefined) value += escapes[next];
    else if (terminated || next !== undefined) {
      problems.push({ message: messages.invalidEscape(`\\${next ?? ''}`), start: posAt(i), length: 2 });
      value += next ?? '';
    }
    i++;
  }
  return { value, problems };
}
