/** Shared by the DSL tests: fixtures, a seeded PRNG, and AST comparison modulo ranges. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Range } from '../../dsl/diagnostics.js';
import { mulberry32 } from '../support/mulberry32.js';

const here = dirname(fileURLToPath(import.meta.url));

export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

/** Seedable uniform generator for fuzz mutations. */
export const rng = mulberry32;

const rangeKeys = new Set(['range', 'keyRange', 'nameRange', 'stageKindRange', 'pluginRange']);

/** The AST without positions (and without comments, which the formatter may move). */
export function stripRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRanges);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (rangeKeys.has(k) || k === 'comments') continue;
      out[k] = stripRanges(v);
    }
    return out;
  }
  return value;
}

/** Every Range object inside `value`. */
export function allRanges(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) value.forEach((v) => allRanges(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (rangeKeys.has(k)) out.push(v as Range);
      else allRanges(v, out);
    }
  }
  return out;
}

export function isSaneRange(r: Range, textLength: number): boolean {
  const ok = (p: Range['start']): boolean =>
    Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1 &&
    Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= textLength;
  return ok(r.start) && ok(r.end) && r.start.offset <= r.end.offset;
}
