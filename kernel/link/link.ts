/**
 * The linker: AST → validated Plan. Resolves stage kinds and plugins against the registry,
 * expands sweeps, validates each config against its plugin's schema (defaults applied), runs the
 * plugins' semantic checks, resolves ports and `from`, orders the DAG and computes cache keys.
 * Every problem becomes a located diagnostic; linking goes on after one so a single pass reports
 * as many independent mistakes as possible.
 */
import type { PipeFile, PipelineNode, StageNode } from '../../dsl/ast.js';
import { didYouMean, type Diagnostic } from '../../dsl/diagnostics.js';
import { toJs } from '../../dsl/values.js';
import type { JsonValue, Plugin } from '../plugin.js';
import type { PluginRegistry } from '../registry.js';
import type { Plan, StagePlan, UnitPlan } from '../plan.js';
import { KernelCodes } from '../codes.js';
import { stageKey } from '../keys.js';
import { expandSweep, varsIn } from './sweep.js';
import { validateConfig, issueToDiagnostic } from './validate-config.js';
import { resolvePorts, type PortStage } from './ports.js';
import { orderStages } from './order.js';

export interface LinkOptions {
  registry: PluginRegistry;
  baseDir: string;
  /** Run only this pipeline of the file. */
  pipeline?: string;
  defaultBackend?: string;
  defaultSeed?: number;
}

export const DEFAULT_BACKEND = 'wasm';
export const DEFAULT_SEED = 0;

export function link(ast: PipeFile, opts: LinkOptions): { plan: Plan; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const file = ast.file;
  let pipelines = ast.pipelines;
  if (opts.pipeline !== undefined) {
    pipelines = pipelines.filter((p) => p.name === opts.pipeline);
    if (!pipelines.length) {
      diags.push({
        severity: 'error',
        code: KernelCodes.unknownPipeline,
        message: `no pipeline named '${opts.pipeline}' in ${file}`,
        file,
        range: ast.range,
        hint: didYouMean(opts.pipeline, ast.pipelines.map((p) => p.name)),
      });
    }
  } else if (!pipelines.length) {
    diags.push({ severity: 'error', code: KernelCodes.noPipeline, message: 'the file defines no pipeline', file, range: ast.range, hint: 'add `pipeline NAME { ... }`' });
  }
  const units: UnitPlan[] = [];
  for (const p of pipelines) units.push(...linkPipeline(p, file, opts, diags));
  return { plan: { file, baseDir: opts.baseDir, units }, diagnostics: dedupe(diags) };
}

interface Resolved {
  node: StageNode;
  name: string;
  plugin: Plugin;
}

function linkPipeline(p: PipelineNode, file: string, opts: LinkOptions, diags: Diagnostic[]): UnitPlan[] {
  const backend = p.backend?.name ?? opts.defaultBackend ?? DEFAULT_BACKEND;
  if (p.backend && !opts.registry.backend(p.backend.name)) {
    const names = opts.registry.backends().map((b) => b.name);
    diags.push({
      severity: 'error',
      code: KernelCodes.unknownBackend,
      message: `unknown backend '${p.backend.name}'`,
      file,
      range: p.backend.range,
      hint: didYouMean(p.backend.name, names) ?? `available: ${names.join(', ')}`,
    });
  }
  const resolved = resolveStages(p, file, opts.registry, diags);
  const points = expandSweep(p, file, diags);
  const sweepVars = new Set(points.length ? Object.keys(points[0]!.params) : []);
  for (const s of p.stages) {
    for (const v of varsIn(s.config)) {
      if (!sweepVars.has(v.name)) {
        diags.push({
          severity: 'error',
          code: KernelCodes.sweepInvalid,
          message: `unknown sweep variable '$${v.name}'`,
          file,
          range: v.range,
          hint: didYouMean(v.name, sweepVars) ?? `declare it: sweep { ${v.name}: [...] }`,
        });
      }
    }
  }
  if (resolved.length !== p.stages.length || diags.some((d) => d.severity === 'error')) {
    // Still validate configs of the stages we could resolve, to report more mistakes at once.
    for (const r of resolved) checkConfig(r, points[0]?.params ?? {}, file, diags, true);
    return [];
  }
  const wiring = wire(resolved, file, diags);
  if (!wiring) {
    for (const r of resolved) checkConfig(r, points[0]?.params ?? {}, file, diags, true);
    return [];
  }
  const units: UnitPlan[] = [];
  for (const pt of points) {
    const seed = typeof pt.params.seed === 'number' ? pt.params.seed : (p.seed?.value ?? opts.defaultSeed ?? DEFAULT_SEED);
    const configs = new Map<string, Record<string, unknown>>();
    let ok = true;
    for (const r of resolved) {
      const c = checkConfig(r, pt.params, file, diags, true);
      if (!c) ok = false;
      else configs.set(r.name, c);
    }
    if (!ok) continue;
    const keys = new Map<string, string>();
    const stages: StagePlan[] = wiring.order.map((r) => {
      const inputs = wiring.inputs.get(r.name)!;
      const inputKeys = Object.fromEntries(
        Object.entries(inputs).map(([port, src]) => [port, Array.isArray(src) ? src.map((s) => keys.get(s)!) : keys.get(src)!]),
      );
      const keyMaterial = { plugin: `${r.plugin.id}@${r.plugin.version}`, config: configs.get(r.name)!, backend, seed, inputs: inputKeys };
      const key = stageKey(keyMaterial);
      keys.set(r.name, key);
      return { name: r.name, node: r.node, plugin: r.plugin, config: configs.get(r.name)!, inputs, key, keyMaterial };
    });
    units.push({ id: pt.label ? `${p.name}[${pt.label}]` : p.name, pipeline: p, params: pt.params, backend, seed, stages });
  }
  return units;
}

/** A mistake found in every sweep point is reported once. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.range.start.offset}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function stageName(s: StageNode, all: StageNode[]): string {
  if (s.alias) return s.alias.name;
  const sameKind = all.filter((o) => !o.alias && o.stageKind === s.stageKind);
  return sameKind.length === 1 ? s.stageKind : `${s.stageKind}_${s.plugin}`;
}

function resolveStages(p: PipelineNode, file: string, registry: PluginRegistry, diags: Diagnostic[]): Resolved[] {
  const out: Resolved[] = [];
  const names = new Map<string, StageNode>();
  for (const s of p.stages) {
    const name = stageName(s, p.stages);
    const prev = names.get(name);
    if (prev) {
      diags.push({
        severity: 'error',
        code: KernelCodes.duplicateStageName,
        message: `two stages are named '${name}' in pipeline '${p.name}' (the other is at line ${prev.range.start.line})`,
        file,
        range: s.alias?.range ?? s.range,
        hint: 'give one of them a name with `as NAME`',
      });
    }
    names.set(name, s);
    const kinds = registry.kinds();
    if (!kinds.includes(s.stageKind)) {
      diags.push({
        severity: 'error',
        code: KernelCodes.unknownStageKind,
        message: `unknown stage kind '${s.stageKind}'`,
        file,
        range: s.stageKindRange,
        hint: didYouMean(s.stageKind, kinds) ?? `known kinds: ${kinds.join(', ')}`,
      });
      continue;
    }
    const reg = registry.get(s.stageKind, s.plugin);
    if (!reg) {
      const inKind = registry.namesOf(s.stageKind);
      const elsewhere = kinds.filter((k) => registry.get(k, s.plugin)).map((k) => `${k} ${s.plugin}`);
      diags.push({
        severity: 'error',
        code: KernelCodes.unknownPlugin,
        message: `no ${s.stageKind} plugin named '${s.plugin}'`,
        file,
        range: s.pluginRange,
        hint:
          didYouMean(s.plugin, inKind) ??
          (elsewhere.length ? `there is ${elsewhere.join(', ')}` : `${s.stageKind} plugins: ${inKind.join(', ')}; or load one with use "..."`),
      });
      continue;
    }
    out.push({ node: s, name, plugin: reg.plugin });
  }
  return out;
}

/** Resolves `from` names, then ports, then orders the DAG; undefined when it cannot. */
function wire(resolved: Resolved[], file: string, diags: Diagnostic[]) {
  const byName = new Map(resolved.map((r) => [r.name, r]));
  const portStage = new Map<string, PortStage>(resolved.map((r) => [r.name, { name: r.name, plugin: r.plugin, range: r.node.range }]));
  const inputs = new Map<string, Record<string, string | string[]>>();
  const visiting = new Set<string>();
  let failed = false;
  const lookup = (ref: { name: string; range: Diagnostic['range'] }, from: Resolved): Resolved | undefined => {
    const exact = byName.get(ref.name);
    if (exact && exact !== from) return exact;
    const byPlugin = resolved.filter((r) => r !== from && r.plugin.name === ref.name);
    if (byPlugin.length === 1) return byPlugin[0];
    diags.push({
      severity: 'error',
      code: KernelCodes.unknownFromStage,
      message: byPlugin.length > 1 ? `'${ref.name}' is ambiguous: several stages use plugin ${ref.name}` : `no stage named '${ref.name}'`,
      file,
      range: ref.range,
      hint: byPlugin.length > 1 ? 'name the stage you mean with `as NAME` and use that name' : didYouMean(ref.name, byName.keys()),
    });
    failed = true;
    return undefined;
  };
  const broken = new Set<string>();
  /** Resolves r's inputs; false when its `from` cannot be satisfied (already reported). */
  const resolveOne = (r: Resolved): boolean => {
    if (inputs.has(r.name)) return !broken.has(r.name);
    if (visiting.has(r.name)) {
      diags.push({ severity: 'error', code: KernelCodes.cycle, message: `stage '${r.name}' depends on itself through \`from\``, file, range: r.node.from[0]?.range ?? r.node.range, hint: 'a stage can only take inputs from stages that do not depend on it' });
      return false;
    }
    visiting.add(r.name);
    let candidates: PortStage[];
    let explicit: PortStage[] = [];
    let fromOk = true;
    if (r.node.from.length) {
      const listed = r.node.from.map((f) => lookup(f, r));
      for (const l of listed) if (!l || !resolveOne(l)) fromOk = false;
      const found = listed.filter((x): x is Resolved => !!x);
      explicit = found.map((l) => portStage.get(l.name)!);
      candidates = [...explicit, ...ancestors(found.map((l) => l.name), inputs).map((n) => portStage.get(n)!)];
    } else {
      const idx = resolved.indexOf(r);
      candidates = resolved.slice(0, idx).reverse().map((x) => portStage.get(x.name)!);
    }
    visiting.delete(r.name);
    if (!fromOk) {
      // Its ports would only echo the broken `from`; report that once.
      failed = true;
      broken.add(r.name);
      inputs.set(r.name, {});
      return false;
    }
    const before = diags.length;
    inputs.set(r.name, resolvePorts(portStage.get(r.name)!, candidates, explicit, file, diags));
    if (diags.length > before) failed = true;
    return true;
  };
  for (const r of resolved) resolveOne(r);
  if (failed) return undefined;
  const order = orderStages(resolved, inputs, file, diags);
  return order ? { order, inputs } : undefined;
}

function ancestors(start: string[], inputs: Map<string, Record<string, string | string[]>>): string[] {
  const seen = new Set(start);
  const out: string[] = [];
  const queue = [...start];
  while (queue.length) {
    const n = queue.shift()!;
    for (const src of Object.values(inputs.get(n) ?? {}).flat()) {
      if (!seen.has(src)) {
        seen.add(src);
        out.push(src);
        queue.push(src);
      }
    }
  }
  return out;
}

function checkConfig(
  r: Resolved,
  params: Record<string, JsonValue>,
  file: string,
  diags: Diagnostic[],
  report: boolean,
): Record<string, unknown> | undefined {
  let config: Record<string, unknown>;
  try {
    config = toJs(r.node.config, params) as Record<string, unknown>;
  } catch {
    return undefined; // unknown $var: reported once by the caller
  }
  const found = validateConfig(r.plugin, config, r.node.config, file);
  if (!found.length && r.plugin.check) {
    try {
      found.push(...r.plugin.check(config).map((i) => issueToDiagnostic(i, r.plugin, r.node.config, file)));
    } catch (e) {
      found.push({ severity: 'error', code: KernelCodes.pluginCheck, message: `${r.plugin.id}: its config check crashed: ${(e as Error).message}`, file, range: r.node.range });
    }
  }
  if (report) diags.push(...found);
  return found.length ? undefined : config;
}
