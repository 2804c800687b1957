/**
 * The catalogue of BIF diagnostics: stable codes and message factories in one place, so tests
 * assert codes and every message reads the same way.
 */
import { positionAt, type Diagnostic, type Range } from '../../dsl/diagnostics.js';

export const BIF_CODES = {
  lex: 'BIF001',
  syntax: 'BIF002',
  duplicateVariable: 'BIF101',
  stateCount: 'BIF102',
  unknownVariable: 'BIF103',
  duplicateProbability: 'BIF104',
  missingProbability: 'BIF105',
  unknownState: 'BIF106',
  wrongLength: 'BIF107',
  badNumber: 'BIF108',
  rowSum: 'BIF109',
  missingRow: 'BIF110',
  duplicateRow: 'BIF111',
  cycle: 'BIF112',
  emptyDomain: 'BIF113',
} as const;

export type BifCode = (typeof BIF_CODES)[keyof typeof BIF_CODES];

/** A source span as offsets; turned into a `Range` only when a diagnostic is made. */
export interface Span {
  start: number;
  end: number;
}

export function spanRange(text: string, span: Span): Range {
  return { start: positionAt(text, span.start), end: positionAt(text, span.end) };
}

/** Makes diagnostics for one source text, so callers pass spans instead of ranges. */
export function diagnosticFactory(text: string, file: string) {
  return (code: BifCode, span: Span, message: string, hint?: string): Diagnostic => ({
    severity: 'error',
    code,
    message,
    file,
    range: spanRange(text, span),
    ...(hint ? { hint } : {}),
  });
}
