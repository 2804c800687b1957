/** Reading Chevrotain CST nodes by label, skipping tokens that recovery invented. */
import type { CstNode, IToken } from 'chevrotain';
import type { Range } from './diagnostics.js';
import { isReal, tokenRange } from './ranges.js';

export function toks(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []).filter((t): t is IToken => !('children' in t) && isReal(t));
}
export function tok(n: CstNode, key: string): IToken | undefined {
  return toks(n, key)[0];
}
export function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []).filter((c): c is CstNode => 'children' in c);
}
export function node(n: CstNode, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

/** The smallest range covering every real piece given; undefined when none is real. */
export function cover(...parts: (IToken | Range | undefined)[]): Range | undefined {
  let out: Range | undefined;
  for (const p of parts) {
    if (p === undefined) continue;
    const r = 'start' in p ? p : isReal(p) ? tokenRange(p) : undefined;
    if (!r) continue;
    if (!out) out = r;
    else
      out = {
        start: r.start.offset < out.start.offset ? r.start : out.start,
        end: r.end.offset > out.end.offset ? r.end : out.end,
      };
  }
  return out;
}

/** `line:col` of a range's start, for messages that point back at an earlier place. */
export const pos = (r: Range): string => `${r.start.line}:${r.start.column}`;
