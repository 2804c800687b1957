/**
 * A numeric CSV reader: comma-separated (spaces around commas allowed), an optional header line,
 * blank lines skipped. Every bad cell is reported with FILE:LINE:COL — a row with the wrong
 * number of fields (CSV001), a field that is not a number (CSV002), no data at all (CSV003) —
 * gathered in one DiagnosticError so one mistake does not hide the next.
 */
import { DiagnosticError, type Diagnostic } from '../../dsl/diagnostics.js';

export const CSV_CODES = { ragged: 'CSV001', notANumber: 'CSV002', empty: 'CSV003' } as const;

export interface CsvTable {
  /** Header names, or null when the file has none. */
  header: string[] | null;
  /** One Float64Array per column. */
  columns: Float64Array[];
  rows: number;
}

/** At most this many problems are reported; a wrong file would otherwise give thousands. */
const MAX_PROBLEMS = 20;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseCsv(text: string, file: string, o: { header?: boolean } = {}): CsvTable {
  const problems: Diagnostic[] = [];
  const lines = text.split('\n');
  const lineStart: number[] = [];
  lines.reduce((off, l) => (lineStart.push(off), off + l.length + 1), 0);
  const report = (code: string, line: number, col: number, len: number, message: string, hint?: string) => {
    if (problems.length < MAX_PROBLEMS) {
      const off = lineStart[line - 1]! + col - 1;
      const end = col + Math.max(1, len);
      problems.push({
        severity: 'error',
        code,
        message,
        file,
        range: { start: { line, column: col, offset: off }, end: { line, column: end, offset: off + end - col } },
        ...(hint ? { hint } : {}),
      });
    }
  };
  let header: string[] | null = null;
  let width = -1;
  const rows: number[][] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const fields = splitFields(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (o.header && header === null) {
      header = fields.map((f) => f.text);
      width = fields.length;
      return;
    }
    if (width < 0) width = fields.length;
    if (fields.length !== width) {
      report(CSV_CODES.ragged, i + 1, 1, line.length, `row has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${width}`);
      return;
    }
    const row: number[] = [];
    for (const f of fields) {
      if (!NUMBER.test(f.text)) {
        const hint = rows.length === 0 && !o.header ? 'if this is a header line, set header: true' : undefined;
        report(CSV_CODES.notANumber, i + 1, f.column, f.text.length, `'${f.text}' is not a number`, hint);
        return;
      }
      row.push(Number(f.text));
    }
    rows.push(row);
  });
  if (!rows.length && !problems.length) report(CSV_CODES.empty, 1, 1, 1, 'no data rows');
  if (problems.length) throw new DiagnosticError(problems);
  const columns = Array.from({ length: width }, (_, j) => Float64Array.from(rows, (r) => r[j]!));
  return { header, columns, rows: rows.length };
}

/** Fields with their 1-based start column (of the trimmed text). */
function splitFields(line: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === ',') {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      out.push({ text: raw.trim(), column: start + lead + 1 });
      start = i + 1;
    }
  }
  return out;
}
