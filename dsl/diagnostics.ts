/**
 * Diagnostics shared by every grammar in the project (the .pipe DSL, BIF files, ...) and by
 * the kernel's linker/validator. One shape, one formatter: `FILE:LINE:COL: error CODE: message`.
 */

/** 1-based line and column, 0-based offset into the source text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable code from the catalogue (e.g. `PW1001`); tests assert codes, not prose. */
  code: string;
  message: string;
  /** Path as the user gave it (relative paths stay relative). */
  file: string;
  range: Range;
  /** A short "what to do" line, printed after the message. */
  hint?: string;
}

export const UNKNOWN_RANGE: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** `FILE:LINE:COL: error CODE: message (hint)` — one line, the shape editors and CI parse. */
export function formatDiagnostic(d: Diagnostic): string {
  const { line, column } = d.range.start;
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${d.file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}${hint}`;
}

export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    file: d.file,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Thrown where a caller cannot go on; carries every diagnostic gathered so far. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/** Position of a 0-based offset in `text` (1-based line/column). */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** Damerau-free Levenshtein distance; small strings only (names, options). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that scales with the name's length, if any. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const n = nearestName(name, candidates);
  return n ? `did you mean '${n}'?` : undefined;
}
