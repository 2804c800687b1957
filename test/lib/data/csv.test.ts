/** The numeric CSV reader: good files, and every bad-input error with its file, line and column. */
import { DiagnosticError, formatDiagnostic } from '../../../dsl/diagnostics.js';
import { CSV_CODES, parseCsv } from '../../../lib/data/csv.js';

function problems(text: string, o = {}) {
  try {
    parseCsv(text, 'data/x.txt', o);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a DiagnosticError');
}

test('reads columns, with spaces after commas, e-notation, CRLF, blank lines, no final newline', () => {
  const t = parseCsv('1, 2.5,-3e-2\r\n\n.5,+4,1E3', 'f.txt');
  expect(t.rows).toBe(2);
  expect(t.header).toBeNull();
  expect(t.columns.map((c) => Array.from(c))).toEqual([
    [1, 0.5],
    [2.5, 4],
    [-0.03, 1000],
  ]);
});

test('a header line when asked for', () => {
  const t = parseCsv('r1,r2,r\n1,2,3\n', 'f.txt', { header: true });
  expect(t.header).toEqual(['r1', 'r2', 'r']);
  expect(t.rows).toBe(1);
});

test('a ragged row is CSV001 at its line', () => {
  const [d, ...rest] = problems('1,2,3\n4,5,6\n7,8\n');
  expect(rest).toEqual([]);
  expect(d!.code).toBe(CSV_CODES.ragged);
  expect(formatDiagnostic(d!)).toMatch(/^data\/x\.txt:3:1: error CSV001: row has 2 fields, expected 3/);
});

test('a non-number is CSV002 at its line and column; every bad row is reported', () => {
  const ds = problems('1,2\n3, abc\n5,6\n7,1..2\n');
  expect(ds.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([
    [CSV_CODES.notANumber, 2, 4],
    [CSV_CODES.notANumber, 4, 3],
  ]);
  expect(ds[0]!.message).toContain("'abc'");
  expect(ds[0]!.range.start.offset).toBe(7);
});

test('a header without header: true gets a hint; an empty file is CSV003', () => {
  const [d] = problems('a,b\n1,2\n');
  expect(d!.hint).toContain('header: true');
  expect(problems('\n\n')[0]!.code).toBe(CSV_CODES.empty);
});

test('reads the real data files of the symbolic-regression sets', async () => {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../../../shared/data/symreg/magman_force_coil=2_centered_train.txt', import.meta.url), 'utf8');
  const t = parseCsv(text, 'magman.txt');
  expect(t.rows).toBe(601);
  expect(t.columns.length).toBe(2);
});
