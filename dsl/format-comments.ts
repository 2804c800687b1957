/**
 * Where each comment goes when the formatter re-prints a file.
 *
 * The printer lays out "blocks" (the file, a pipeline body, maps, lists, call arguments), each a
 * sequence of elements (declarations, items, entries, list items, arguments). A comment is
 * attached to the innermost block around it:
 *  - on a line of its own: above the element that follows it (or before the block's closer);
 *  - after code on its line: at the end of the element before it (or after the block's opener);
 *  - inside an element but in no inner block (`train # x` + newline + `adam {}`): above that
 *    element, the one place that keeps it without changing what the code means.
 * Blocks holding comments never print on one line. Every comment lands in exactly one slot.
 */
import type { CallArg, Comment, MapEntry, MapValue, PipeFile, ValueNode } from './ast.js';
import type { Range } from './diagnostics.js';

export interface Element {
  range: Range;
  blocks: Block[];
  leading: Comment[];
  trailing?: Comment;
}

export interface Block {
  /** Offsets strictly between `open` and `close` are inside the block. */
  open: number;
  close: number;
  elements: Element[];
  afterOpen: Comment[];
  beforeClose: Comment[];
}

/** Blocks and elements by the AST object they print, plus the sweep blocks seen as maps. */
export interface Attachments {
  block: Map<object, Block>;
  element: Map<object, Element>;
  sweepMap: Map<object, MapValue>;
}

export function attachComments(text: string, ast: PipeFile): Attachments {
  const att: Attachments = { block: new Map(), element: new Map(), sweepMap: new Map() };
  const element = (key: object, range: Range, blocks: Block[] = []): Element => {
    const el: Element = { range, blocks, leading: [] };
    att.element.set(key, el);
    return el;
  };
  const block = (key: object, open: number, close: number, elements: Element[]): Block => {
    const b: Block = { open, close, elements, afterOpen: [], beforeClose: [] };
    att.block.set(key, b);
    return b;
  };
  const blocksOfValue = (v: ValueNode): Block[] => {
    switch (v.kind) {
      case 'list':
        return [block(v, v.range.start.offset, v.range.end.offset - 1, v.items.map(listItem))];
      case 'map':
        return [mapBlock(v)];
      case 'call':
        return [block(v, v.nameRange.end.offset, v.range.end.offset - 1, v.args.map(callArg))];
      case 'range':
      case 'arrow':
        return [...blocksOfValue(v.from), ...blocksOfValue(v.to)];
      default:
        return [];
    }
  };
  const listItem = (v: ValueNode): Element => element(v, v.range, blocksOfValue(v));
  const callArg = (a: CallArg): Element =>
    element(a, { start: (a.nameRange ?? a.value.range).start, end: a.value.range.end }, blocksOfValue(a.value));
  const entry = (e: MapEntry): Element => element(e, e.range, blocksOfValue(e.value));
  const mapBlock = (m: MapValue): Block =>
    block(m, m.range.start.offset, m.range.end.offset - 1, m.entries.map(entry));

  const fileElements: Element[] = [];
  if (ast.version) fileElements.push(element(ast.version, ast.version.range));
  for (const u of ast.uses) fileElements.push(element(u, u.range));
  for (const p of ast.pipelines) {
    const items: Element[] = [];
    if (p.backend) items.push(element(p.backend, p.backend.range));
    if (p.seed) items.push(element(p.seed, p.seed.range));
    for (const s of p.sweeps) {
      const asMap: MapValue = { kind: 'map', entries: s.entries, range: s.range };
      att.sweepMap.set(s, asMap);
      items.push(element(s, s.range, [mapBlock(asMap)]));
    }
    for (const s of p.stages) items.push(element(s, s.range, [mapBlock(s.config)]));
    items.sort((a, b) => a.range.start.offset - b.range.start.offset);
    const body = block(p, p.nameRange.end.offset, p.range.end.offset - 1, items);
    fileElements.push(element(p, p.range, [body]));
  }
  fileElements.sort((a, b) => a.range.start.offset - b.range.start.offset);
  const file = block(ast, -1, text.length + 1, fileElements);

  for (const c of ast.comments) place(file, c, hasCodeBefore(text, c.range.start.offset));
  return att;
}

function hasCodeBefore(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '\n') return false;
    if (ch !== ' ' && ch !== '\t' && ch !== '\r') return true;
  }
  return false;
}

function place(b: Block, c: Comment, trailing: boolean): void {
  const o = c.range.start.offset;
  const els = b.elements;
  for (const el of els) {
    if (el.range.start.offset <= o && o < el.range.end.offset) {
      const inner = el.blocks.find((s) => s.open < o && o < s.close);
      if (inner) place(inner, c, trailing);
      else el.leading.push(c);
      return;
    }
  }
  const next = els.findIndex((el) => el.range.start.offset > o);
  const nextSlot = next < 0 ? b.beforeClose : els[next]!.leading;
  if (!trailing) {
    nextSlot.push(c);
    return;
  }
  const prev = (next < 0 ? els.length : next) - 1;
  // The file has no opener line to hang a comment on.
  if (prev < 0) (b.open < 0 ? nextSlot : b.afterOpen).push(c);
  else if (els[prev]!.trailing) nextSlot.push(c);
  else els[prev]!.trailing = c;
}
