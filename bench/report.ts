/** Output: JSON lines for machines (stdout), an aligned table for people (stderr). */
import type { BenchLine, BenchResult } from './types.js';

export function withReference(r: BenchResult, reference: number | undefined): BenchLine {
  const ref = reference !== undefined && Number.isFinite(reference) && reference > 0 ? reference : null;
  return { ...r, reference: ref, ratio: ref === null ? null : r.value / ref };
}

/** Exactly the documented fields, in a stable order. */
export function jsonLine(l: BenchLine): string {
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(4)));
  return JSON.stringify({
    bench: l.bench,
    backend: l.backend,
    value: round(l.value),
    unit: l.unit,
    reference: round(l.reference),
    ratio: round(l.ratio),
  });
}

function fmt(x: number | null): string {
  if (x === null) return '—';
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

export interface Row {
  line?: BenchLine;
  /** A (suite, backend) that did not produce numbers: skipped or failed, and why. */
  bench?: string;
  backend?: string;
  status?: string;
}

export function table(rows: Row[]): string {
  const header = ['bench', 'backend', 'value', 'unit', 'PyTorch', 'ratio', 'note'];
  const cells = rows.map((r) =>
    r.line
      ? [r.line.bench, r.line.backend, fmt(r.line.value), r.line.unit, fmt(r.line.reference), r.line.ratio === null ? '—' : `${fmt(r.line.ratio)}×`, r.line.note ?? '']
      : [r.bench ?? '', r.backend ?? '', '—', '', '', '', r.status ?? ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const render = (c: string[]) => c.map((x, i) => (i === 2 || i === 4 || i === 5 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(render)].join('\n');
}
