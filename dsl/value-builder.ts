/**
 * CST → AST for option values: maps, lists, calls, ranges, arrows and literals. Reports what
 * only the values can tell: duplicate keys, bad escapes, numbers past float64's range.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { CallArg, MapEntry, MapValue, ValueNode } from './ast.js';
import type { Diagnostic, Range } from './diagnostics.js';
import { diagnostic, messages, type CodedMessage } from './codes.js';
import { cover, node, nodes, pos, tok } from './cst-access.js';
import { numberValue, stringValue } from './literals.js';
import { isReal, tokenRange } from './ranges.js';

export class ValueBuilder {
  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private report(m: CodedMessage, range: Range): void {
    this.diagnostics.push(diagnostic(m, this.file, range));
  }

  buildMap(cst: CstNode, where: string): MapValue | undefined {
    const entries: MapEntry[] = [];
    const seen = new Map<string, Range>();
    for (const e of nodes(cst, 'entry')) {
      const key = tok(e, 'key');
      const valueCst = node(e, 'value');
      const value = valueCst && this.buildValue(valueCst, key?.image);
      if (!key || !value) continue;
      const keyRange = tokenRange(key);
      const first = seen.get(key.image);
      if (first) this.report(messages.duplicateKey(key.image, pos(first), where), keyRange);
      else seen.set(key.image, keyRange);
      entries.push({ key: key.image, keyRange, value, range: cover(keyRange, value.range)! });
    }
    const range = cover(tok(cst, 'LCurly'), tok(cst, 'RCurly'), ...entries.map((e) => e.range));
    return range && { kind: 'map', entries, range };
  }

  buildValue(cst: CstNode, owner?: string): ValueNode | undefined {
    const fromCst = node(cst, 'from');
    const from = fromCst && this.buildPrimary(fromCst, owner);
    const op = tok(cst, 'op');
    const toCst = node(cst, 'to');
    const to = toCst && this.buildPrimary(toCst, owner);
    if (!from) return undefined;
    if (!op || !to) return from;
    const kind = op.image === '..' ? 'range' : 'arrow';
    return { kind, from, to, range: cover(from.range, to.range)! };
  }

  private buildPrimary(cst: CstNode, owner?: string): ValueNode | undefined {
    const c = cst.children;
    const first = Object.values(c)[0]?.[0] as CstElement | undefined;
    if (!first) return undefined;
    if ('children' in first) {
      if (c.nameValue) return this.buildNameValue(first);
      if (c.list) return this.buildList(first, owner);
      if (c.map) return this.buildMap(first, owner ? `the map of '${owner}'` : 'a map');
      return undefined;
    }
    if (!isReal(first)) return undefined;
    const range = tokenRange(first);
    switch (first.tokenType.name) {
      case 'NumberLit': {
        const value = numberValue(first.image);
        if (!Number.isFinite(value)) this.report(messages.invalidNumber(first.image), range);
        return { kind: 'number', value, raw: first.image, range };
      }
      case 'StringLit':
      case 'UnterminatedString':
        return { kind: 'string', value: this.string(first), range };
      case 'True':
      case 'False':
        return { kind: 'boolean', value: first.tokenType.name === 'True', range };
      case 'Variable':
        return { kind: 'var', name: first.image.slice(1), range };
      default:
        return undefined;
    }
  }

  private buildNameValue(cst: CstNode): ValueNode | undefined {
    const name = tok(cst, 'name');
    if (!name) return undefined;
    const nameRange = tokenRange(name);
    if (!cst.children.LParen) return { kind: 'ident', name: name.image, range: nameRange };
    const args: CallArg[] = [];
    const seen = new Map<string, Range>();
    for (const a of nodes(cst, 'arg')) {
      const argName = tok(a, 'name');
      const valueCst = node(a, 'value');
      const value = valueCst && this.buildValue(valueCst, argName?.image);
      if (!value) continue;
      if (!argName) {
        args.push({ value });
        continue;
      }
      const r = tokenRange(argName);
      const first = seen.get(argName.image);
      if (first) this.report(messages.duplicateKey(argName.image, pos(first), `the arguments of '${name.image}'`), r);
      else seen.set(argName.image, r);
      args.push({ name: argName.image, nameRange: r, value });
    }
    const range = cover(nameRange, tok(cst, 'RParen'), ...args.map((a) => a.value.range))!;
    return { kind: 'call', name: name.image, nameRange, args, range };
  }

  private buildList(cst: CstNode, owner?: string): ValueNode | undefined {
    const items = nodes(cst, 'value')
      .map((v) => this.buildValue(v, owner))
      .filter((v): v is ValueNode => v !== undefined);
    const range = cover(tok(cst, 'LBracket'), tok(cst, 'RBracket'), ...items.map((i) => i.range));
    return range && { kind: 'list', items, range };
  }

  string(t: IToken): string {
    const { value, problems } = stringValue(t);
    for (const p of problems) {
      this.report(p.message, {
        start: p.start,
        end: { ...p.start, column: p.start.column + p.length, offset: p.start.offset + p.length },
      });
    }
    return value;
  }
}
