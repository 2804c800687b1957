/**
 * Facts about a finished (possibly recovered) parse that turn a Chevrotain error into a good
 * message: which tokens the CST kept, which brackets the parser left open, and what encloses
 * a token. Built once per parse that has errors, in linear time, so that a long file with
 * many errors stays fast.
 */
import type { CstNode, IToken } from 'chevrotain';
import { isReal } from './ranges.js';

const openerImages = new Set(['{', '[', '(']);
const closerImages = new Set(['}', ']', ')']);
/** The rules that own a bracket pair, with their closer's token name. */
const bracketRules: Record<string, string> = {
  pipeline: 'RCurly',
  map: 'RCurly',
  list: 'RBracket',
  nameValue: 'RParen',
};

export interface ErrorFacts {
  /** Start offsets of the real tokens the CST holds (a token not there was skipped). */
  consumed: Set<number>;
  /** The latest opener before `offset` of a `rule` node that never got its closer. */
  unclosedOpener(rule: string, offset: number): IToken | undefined;
  /** The innermost bracket still open before token `index`, brackets counted alike. */
  enclosingOpener(index: number): IToken | undefined;
  /** Index of the first token starting at or after `offset`. */
  tokenIndex(offset: number): number;
}

export function errorFacts(cst: CstNode, tokens: IToken[]): ErrorFacts {
  const consumed = new Set<number>();
  const unclosed: { rule: string; opener: IToken }[] = [];
  const walk = (n: CstNode): void => {
    let opener: IToken | undefined;
    let closed = false;
    const closer = bracketRules[n.name];
    for (const key in n.children) {
      for (const c of n.children[key]!) {
        if ('children' in c) walk(c);
        else if (isReal(c)) {
          consumed.add(c.startOffset);
          if (openerImages.has(c.image) && !opener) opener = c;
          if (c.tokenType.name === closer) closed = true;
        }
      }
    }
    if (closer && opener && !closed) unclosed.push({ rule: n.name, opener });
  };
  walk(cst);

  const before: (IToken | undefined)[] = new Array(tokens.length + 1);
  const stack: IToken[] = [];
  tokens.forEach((t, i) => {
    before[i] = stack[stack.length - 1];
    if (openerImages.has(t.image)) stack.push(t);
    else if (closerImages.has(t.image)) stack.pop();
  });
  before[tokens.length] = stack[stack.length - 1];

  return {
    consumed,
    unclosedOpener(rule, offset) {
      let best: IToken | undefined;
      for (const u of unclosed) {
        if (u.rule === rule && u.opener.startOffset < offset && (!best || u.opener.startOffset > best.startOffset)) {
          best = u.opener;
        }
      }
      return best;
    },
    enclosingOpener: (index) => before[index],
    tokenIndex(offset) {
      let lo = 0;
      let hi = tokens.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokens[mid]!.startOffset < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
