/**
 * The canonical layout of a .pipe file: 2-space indentation, one item per line, `key: value`
 * entries joined by `, ` when a block fits in `width` columns and one per line (with commas
 * between, none after the last) when it does not or when it holds a comment. Numbers and
 * strings keep their spelling (`1e-3`, `10k`, escapes); comments stay where they were
 * (format-comments.ts); blank lines between items survive, at most one in a row.
 *
 * Files with syntax errors are not formatted: the result is the input, unchanged, with the
 * diagnostics that explain why.
 */
import type { PipeFile, PipelineNode, StageNode, ValueNode } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { isSyntaxCode } from './codes.js';
import { attachComments, type Attachments, type Block, type Element } from './format-comments.js';
import { parsePipe } from './parse.js';

export interface FormatOptions {
  /** Blocks longer than this print one element per line. */
  width?: number;
}

export interface FormatResult {
  text: string;
  diagnostics: Diagnostic[];
  /** False when syntax errors stopped the formatter (then `text` is the input). */
  formatted: boolean;
}

export function formatPipe(text: string, file: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parsePipe(text, file);
  if (diagnostics.some((d) => d.severity === 'error' && isSyntaxCode(d.code))) {
    return { text, diagnostics, formatted: false };
  }
  const printer = new Printer(text, ast, attachComments(text, ast), options.width ?? 100);
  return { text: printer.printFile(), diagnostics, formatted: true };
}

/** What a block prints per element: its text, given the indent level and start column. */
type Render = (indent: number, column: number) => string[];

const pad = (indent: number): string => '  '.repeat(indent);

/** Appends `b` to the last line of `a`. */
function join(a: string[], b: string[]): string[] {
  return [...a.slice(0, -1), a[a.length - 1]! + b[0]!, ...b.slice(1)];
}

function quoteString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

class Printer {
  private readonly breaks = new Map<Block, boolean>();
  private readonly flats = new Map<ValueNode, string>();

  constructor(
    private readonly text: string,
    private readonly ast: PipeFile,
    private readonly att: Attachments,
    private readonly width: number,
  ) {}

  printFile(): string {
    const ast = this.ast;
    const items: [object, Render][] = [];
    if (ast.version) items.push([ast.version, () => [`version ${this.source(ast.version!.range)}`]]);
    for (const u of ast.uses) items.push([u, () => [`use ${quoteString(u.target)}`]]);
    for (const p of ast.pipelines) items.push([p, (indent) => this.pipeline(p, indent)]);
    const isPipeline = (key: object): boolean => ast.pipelines.includes(key as PipelineNode);
    const lines = this.blockBody(this.att.block.get(ast)!, items, 0, '', isPipeline);
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  private pipeline(p: PipelineNode, indent: number): string[] {
    const head = `pipeline ${p.name} {`;
    const body = this.att.block.get(p)!;
    const items: [object, Render][] = [];
    if (p.backend) items.push([p.backend, () => [`backend ${this.source(p.backend!.range)}`]]);
    if (p.seed) items.push([p.seed, () => [`seed ${this.source(p.seed!.range)}`]]);
    for (const s of p.sweeps) {
      const map = this.att.sweepMap.get(s)!;
      items.push([s, (i, col) => join(['sweep '], this.value(map, i, col + 6))]);
    }
    for (const s of p.stages) items.push([s, (i, col) => this.stage(s, i, col)]);
    const start = (key: object): number => this.att.element.get(key)!.range.start.offset;
    items.sort((a, b) => start(a[0]) - start(b[0]));
    if (!items.length && !this.hasComments(body)) return [`${head}}`];
    return [head + this.afterOpen(body), ...this.blockBody(body, items, indent + 1, ''), `${pad(indent)}}`];
  }

  private stage(s: StageNode, indent: number, column: number): string[] {
    let head = `${s.stageKind} ${s.plugin}`;
    if (s.alias) head += ` as ${s.alias.name}`;
    if (s.from.length) head += ` from ${s.from.map((f) => f.name).join(', ')}`;
    return join([`${head} `], this.value(s.config, indent, column + head.length + 1));
  }

  private value(v: ValueNode, indent: number, column: number): string[] {
    switch (v.kind) {
      case 'number':
        return [v.raw];
      case 'string':
        return [this.source(v.range)];
      case 'boolean':
        return [String(v.value)];
      case 'ident':
        return [v.name];
      case 'var':
        return [`$${v.name}`];
      case 'range':
      case 'arrow': {
        const op = v.kind === 'range' ? '..' : ' -> ';
        const from = join(this.value(v.from, indent, column), [op]);
        const last = from[from.length - 1]!;
        return join(from, this.value(v.to, indent, from.length === 1 ? column + last.length : last.length));
      }
      case 'list':
      case 'map':
      case 'call': {
        const block = this.att.block.get(v)!;
        const flat = this.flat(v);
        if (!this.mustBreak(block) && column + flat.length < this.width) return [flat];
        return this.broken(v, block, indent);
      }
    }
  }

  private broken(v: ValueNode & { kind: 'list' | 'map' | 'call' }, block: Block, indent: number): string[] {
    const items: [object, Render][] =
      v.kind === 'list'
        ? v.items.map((i) => [i, (n, col) => this.value(i, n, col)])
        : v.kind === 'map'
          ? v.entries.map((e) => [e, (n, col) => join([`${e.key}: `], this.value(e.value, n, col + e.key.length + 2))])
          : v.args.map((a) => {
              const label = a.name === undefined ? '' : `${a.name}: `;
              return [a, (n, col) => join([label], this.value(a.value, n, col + label.length))];
            });
    const [open, close] = v.kind === 'list' ? ['[', ']'] : v.kind === 'map' ? ['{', '}'] : [`${v.name}(`, ')'];
    return [open + this.afterOpen(block), ...this.blockBody(block, items, indent + 1, ','), `${pad(indent)}${close}`];
  }

  /** The lines between a block's opener and closer: comments, elements, kept blank lines. */
  private blockBody(
    block: Block,
    items: [object, Render][],
    indent: number,
    separator: string,
    blankBefore: (key: object) => boolean = () => false,
  ): string[] {
    const out: string[] = [];
    let prevLine: number | undefined;
    const gap = (line: number, force = false): void => {
      if (prevLine !== undefined && (force || line - prevLine >= 2) && out[out.length - 1] !== '') out.push('');
    };
    const comment = (c: { text: string; range: { start: { line: number }; end: { line: number } } }): void => {
      gap(c.range.start.line);
      out.push(pad(indent) + c.text);
      prevLine = c.range.end.line;
    };
    block.afterOpen.slice(1).forEach(comment);
    items.forEach(([key, render], i) => {
      const el: Element = this.att.element.get(key)!;
      const first = el.leading[0]?.range.start.line ?? el.range.start.line;
      gap(first, blankBefore(key));
      el.leading.forEach(comment);
      gap(el.range.start.line);
      const lines = render(indent, indent * 2);
      lines[0] = pad(indent) + lines[0];
      if (i < items.length - 1) lines[lines.length - 1] += separator;
      if (el.trailing) lines[lines.length - 1] += ` ${el.trailing.text}`;
      out.push(...lines);
      prevLine = el.trailing?.range.end.line ?? el.range.end.line;
    });
    block.beforeClose.forEach(comment);
    return out;
  }

  private afterOpen(block: Block): string {
    return block.afterOpen[0] ? ` ${block.afterOpen[0].text}` : '';
  }

  private hasComments(b: Block): boolean {
    return (
      b.afterOpen.length > 0 ||
      b.beforeClose.length > 0 ||
      b.elements.some((e) => e.leading.length > 0 || e.trailing !== undefined)
    );
  }

  private mustBreak(b: Block): boolean {
    let v = this.breaks.get(b);
    if (v === undefined) {
      v = this.hasComments(b) || b.elements.some((e) => e.blocks.some((s) => this.mustBreak(s)));
      this.breaks.set(b, v);
    }
    return v;
  }

  private flat(v: ValueNode): string {
    let s = this.flats.get(v);
    if (s === undefined) {
      s = this.flatUncached(v);
      this.flats.set(v, s);
    }
    return s;
  }

  private flatUncached(v: ValueNode): string {
    switch (v.kind) {
      case 'list':
        return `[${v.items.map((i) => this.flat(i)).join(', ')}]`;
      case 'map':
        return v.entries.length
          ? `{ ${v.entries.map((e) => `${e.key}: ${this.flat(e.value)}`).join(', ')} }`
          : '{}';
      case 'call': {
        const args = v.args.map((a) => (a.name === undefined ? '' : `${a.name}: `) + this.flat(a.value));
        return `${v.name}(${args.join(', ')})`;
      }
      case 'range':
        return `${this.flat(v.from)}..${this.flat(v.to)}`;
      case 'arrow':
        return `${this.flat(v.from)} -> ${this.flat(v.to)}`;
      default:
        return this.value(v, 0, 0)[0]!;
    }
  }

  private source(r: { start: { offset: number }; end: { offset: number } }): string {
    return this.text.slice(r.start.offset, r.end.offset);
  }
}
