/**
 * CST → AST (dsl/ast.ts). Works on recovered CSTs: a node whose required parts are missing is
 * left out (an entry without a value) or kept with an empty name (a stage whose plugin name was
 * missing), so the AST is always usable for what did parse. Structural checks of the file and
 * its pipelines (duplicate settings and pipelines, version, seed) are reported here; values
 * are built, and checked, by value-builder.ts.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Comment, MapValue, NameRef, PipeFile, PipelineNode, StageNode, SweepNode, UseDecl } from './ast.js';
import type { Diagnostic, Range } from './diagnostics.js';
import { diagnostic, messages, type CodedMessage } from './codes.js';
import { cover, node, nodes, pos, tok, toks } from './cst-access.js';
import { numberValue } from './literals.js';
import { at, endOfText, tokenRange } from './ranges.js';
import { ValueBuilder } from './value-builder.js';

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly values: ValueBuilder;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.values = new ValueBuilder(file, this.diagnostics);
  }

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
    const versionDecl = node(cst, 'versionDecl');
    const versionTok = versionDecl && tok(versionDecl, 'NumberLit');
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
    return { kind: 'use', target: this.values.string(target), range };
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
        const t = tok(backend, 'name');
        if (!t) continue;
        const ref = { name: t.tokenType.name === 'Identifier' ? t.image : this.values.string(t), range: tokenRange(t) };
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
    const map = mapCst ? this.values.buildMap(mapCst, 'the sweep block') : undefined;
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
    const config: MapValue = (mapCst && this.values.buildMap(mapCst, label)) ?? {
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

}
