/**
 * The TU Dortmund files are one record per line (`node, node` in A.txt, one number elsewhere),
 * and line i describes node/graph/edge i. This reads such a file into numbers and keeps enough
 * of the text to point at any field later: every problem becomes a diagnostic with
 * FILE:LINE:COL, gathered (up to a limit) so one mistake does not hide the next.
 */
import { DiagnosticError, type Diagnostic } from '../../dsl/diagnostics.js';

export const TU_CODES = {
  missingFile: 'TU001',
  syntax: 'TU002',
  unsorted: 'TU003',
  edgeRange: 'TU004',
  edgeAcross: 'TU005',
  count: 'TU006',
} as const;

const MAX_PROBLEMS = 20;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/i;
const FIELD = /[^\s,]+/g;

/** Problems found in one file; `throwIfAny` raises them as one DiagnosticError. */
export class FileProblems {
  readonly list: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly lineStarts: Int32Array,
  ) {}

  /** `line` and `column` are 1-based; `length` is the width of the underlined text. */
  add(code: string, line: number, column: number, length: number, message: string, hint?: string): void {
    if (this.list.length >= MAX_PROBLEMS) return;
    const start = (this.lineStarts[line - 1] ?? 0) + column - 1;
    const len = Math.max(1, length);
    this.list.push({
      severity: 'error',
      code,
      message,
      file: this.file,
      range: { start: { line, column, offset: start }, end: { line, column: column + len, offset: start + len } },
      ...(hint ? { hint } : {}),
    });
  }

  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }

  throwIfAny(): void {
    if (this.list.length) throw new DiagnosticError(this.list);
  }
}

export interface NumberLines {
  file: string;
  rows: number;
  width: number;
  /** Row-major, rows × width. */
  values: Float64Array;
  /** Where to point at field `field` of row `row` (0-based): 1-based line, column, length. */
  at(row: number, field: number): { line: number; column: number; length: number };
  /** A problem collector for this file (semantic checks after parsing). */
  problems(): FileProblems;
}

export interface ParseOptions {
  /** Fields per line; when absent the first line decides. */
  width?: number;
  integer: boolean;
  /** What one line holds, for messages: `an edge 'node, node'`, `a graph id`. */
  what: string;
}

function fieldsOf(line: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(line); m; m = FIELD.exec(line)) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

/** Parses every line into `width` numbers; trailing blank lines are ignored, inner ones are errors. */
export function parseNumberLines(text: string, file: string, o: ParseOptions): NumberLines {
  const lines = text.split('\n');
  const starts = new Int32Array(lines.length);
  for (let i = 1; i < lines.length; i++) starts[i] = starts[i - 1]! + lines[i - 1]!.length + 1;
  let rows = lines.length;
  while (rows > 0 && !lines[rows - 1]!.trim()) rows--;
  const problems = new FileProblems(file, starts);
  const width = o.width ?? (rows ? fieldsOf(lines[0]!).length : 0);
  if (!rows) problems.add(TU_CODES.syntax, 1, 1, 1, `the file is empty; each line should hold ${o.what}`);
  const values = new Float64Array(rows * Math.max(width, 0));
  const pattern = o.integer ? INTEGER : NUMBER;
  for (let r = 0; r < rows && !problems.full; r++) {
    const raw = lines[r]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fields = fieldsOf(line);
    if (fields.length !== width) {
      const got = fields.length ? `${fields.length} value${fields.length === 1 ? '' : 's'}` : 'an empty line';
      problems.add(TU_CODES.syntax, r + 1, 1, line.length, `expected ${o.what} (${width} value${width === 1 ? '' : 's'}), found ${got}`);
      continue;
    }
    for (let f = 0; f < width; f++) {
      const { text: t, column } = fields[f]!;
      if (!pattern.test(t)) {
        problems.add(TU_CODES.syntax, r + 1, column, t.length, `'${t}' is not ${o.integer ? 'an integer' : 'a number'}`);
        break;
      }
      values[r * width + f] = Number(t);
    }
  }
  problems.throwIfAny();
  return {
    file,
    rows,
    width,
    values,
    at(row, field) {
      const f = fieldsOf(lines[row]!)[field];
      return { line: row + 1, column: f?.column ?? 1, length: f?.text.length ?? 1 };
    },
    problems: () => new FileProblems(file, starts),
  };
}
