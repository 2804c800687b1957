/**
 * CST → AST (dsl/ast.ts). Works on recovered CSTs: a node whose required parts are missing is
 * left out (an entry without a value) or kept with an empty name (a stage whose plugin name was
 * missing), so the AST is always usable for what did parse. Structural checks that need the
 * whole picture (duplicate keys, settings, pipelines; version; seed) are reported here.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type {
  CallArg,
  Comment,
  MapEntry,
  MapValue,
  NameRef,
  PipeFile,
  PipelineNode,
  StageNode,
  SweepNode,
  UseDecl,
  ValueNode,
} from './ast.js';
import type { Diagnostic, Range } from './diagnostics.js';
import { diagnostic, messages, type CodedMessage } from './codes.js';
import { numberValue, stringValue } from './literals.js';
import { at, endOfText, isReal, tokenRange } from './ranges.js';

function toks(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []).filter((t): t is IToken => !('children' in t) && isReal(t));
}
function tok(n: CstNode, key: string): IToken | undefined {
  return toks(n, key)[0];
}
function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []).filter((c): c is CstNode => 'children' in c);
}
function node(n: CstNode, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

/** The smallest range covering every real piece given; undefined when none is real. */
function cover(...parts: (IToken | Range | undefined)[]): Range | undefined {
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

const pos = (r: Range): string => `${r.start.line}:${r.start.column}`;

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private report(m: CodedMessage, range: Range): void {
    this.diagnostics.push(diagnostic(m, this.file, range));
  }

  buildFile(cst: CstNode, comments: Comment[]): PipeFile {
    const out: PipeFile = {
      kind: 'file',
      file: this.file,
      uses: [],
      pipelines: [],
      comments,
      range: { start: { line: 1, column: 1, offset: 0 }, end: endOfText(this.text) },
    };
    const versionTok = (() => {
      const decl = node(cst, 'versionDecl');
      return decl && tok(decl, 'NumberLit');
    })();
    if (versionTok) {
      const value = numberValue(versionTok.image);
      out.version = { value, range: tokenRange(versionTok) };
      if (value !== 1) this.report(messages.unsupportedVersion(versionTok.image), tokenRange(versionTok));
    }
    for (const u of nodes(cst, 'useDecl')) {
      const use = this.buildUse(u);
      if (use) out.uses.push(use);
    }
    const seen = new Map<string, Range>();
    for (const p of nodes(cst, 'pipeline')) {
      const pipeline = this.buildPipeline(p);
      if (!pipeline) continue;
      const first = seen.get(pipeline.name);
      if (first) this.report(messages.duplicatePipeline(pipeline.name, pos(first)), pipeline.nameRange);
      else seen.set(pipeline.name, pipeline.nameRange);
      out.pipelines.push(pipeline);
    }
    return out;
  }

  private buildUse(cst: CstNode): UseDecl | undefined {
    const target = tok(cst, 'Str');
    const range = cover(tok(cst, 'Use'), target);
    if (!target || !range) return undefined;
    return { kind: 'use', target: this.string(target), range };
  }

  private buildPipeline(cst: CstNode): PipelineNode | undefined {
    const keyword = tok(cst, 'Pipeline');
    const nameTok = tok(cst, 'name');
    const range = cover(keyword, nameTok, tok(cst, 'LCurly'), tok(cst, 'RCurly'));
    if (!range) return undefined;
    const name = nameTok?.image ?? '';
    const out: PipelineNode = {
      kind: 'pipeline',
      name,
      nameRange: nameTok ? tokenRange(nameTok) : at(range.end),
      sweeps: [],
      stages: [],
      range,
    };
    let seedRange: Range | undefined;
    let backendRange: Range | undefined;
    for (const item of nodes(cst, 'item')) {
      const backend = node(item, 'backendDecl');
      const seed = node(item, 'seedDecl');
      const sweep = node(item, 'sweepDecl');
      const stage = node(item, 'stage');
      if (backend) {
        const ref = this.nameRef(tok(backend, 'name'));
        if (!ref) continue;
        if (backendRange) {
          this.report(messages.duplicateSetting('backend', name, pos(backendRange)), ref.range);
        } else {
          backendRange = ref.range;
          out.backend = ref;
        }
      } else if (seed) {
        const t = tok(seed, 'NumberLit');
        if (!t) continue;
        const value = numberValue(t.image);
        const r = tokenRange(t);
        if (!Number.isSafeInteger(value) || value < 0) this.report(messages.invalidSeed(t.image), r);
        if (seedRange) {
          this.report(messages.duplicateSetting('seed', name, pos(seedRange)), r);
        } else {
          seedRange = r;
          out.seed = { value, range: r };
        }
      } else if (sweep) {
        const s = this.buildSweep(sweep);
        if (s) out.sweeps.push(s);
      } else if (stage) {
        const s = this.buildStage(stage);
        if (s) out.stages.push(s);
      }
    }
    const parts = [...out.stages.map((s) => s.range), ...out.sweeps.map((s) => s.range)];
    out.range = cover(range, backendRange, seedRange, ...parts)!;
    return out;
  }

  private nameRef(t: IToken | undefined): NameRef | undefined {
    return t ? { name: t.image, range: tokenRange(t) } : undefined;
  }

  private buildSweep(cst: CstNode): SweepNode | undefined {
    const mapCst = node(cst, 'map');
    const map = mapCst ? this.buildMap(mapCst, 'the sweep block') : undefined;
    const range = cover(tok(cst, 'Sweep'), map?.range);
    if (!range) return undefined;
    return { kind: 'sweep', entries: map?.entries ?? [], range };
  }

  private buildStage(cst: CstNode): StageNode | undefined {
    const kind = tok(cst, 'kind');
    const plugin = tok(cst, 'plugin');
    const header = cover(kind, plugin, tok(cst, 'As'), tok(cst, 'alias'), tok(cst, 'From'), ...toks(cst, 'from'));
    if (!header) return undefined;
    const label = `the options of stage '${kind?.image ?? ''} ${plugin?.image ?? ''}'`;
    const mapCst = node(cst, 'map');
    const config: MapValue = (mapCst && this.buildMap(mapCst, label)) ?? {
      kind: 'map',
      entries: [],
      range: at(header.end),
    };
    const out: StageNode = {
      kind: 'stage',
      stageKind: kind?.image ?? '',
      stageKindRange: kind ? tokenRange(kind) : at(header.start),
      plugin: plugin?.image ?? '',
      pluginRange: plugin ? tokenRange(plugin) : at(kind ? tokenRange(kind).end : header.start),
      from: toks(cst, 'from').map((t) => this.nameRef(t)!),
      config,
      range: cover(header, config.range)!,
    };
    const alias = this.nameRef(tok(cst, 'alias'));
    if (alias) out.alias = alias;
    return out;
  }

  private buildMap(cst: CstNode, where: string): MapValue | undefined {
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

  private buildValue(cst: CstNode, owner?: string): ValueNode | undefined {
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

  private string(t: IToken): string {
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
