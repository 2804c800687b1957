/**
 * The in-process runner. Executes a Plan unit by unit, stage by stage in topological order,
 * as an RxJS event stream. Per stage: cache lookup → (inputs from memory or cache) → plugin →
 * atomic cache store. A failing stage ends its unit (downstream stages are skipped) but never the
 * process; other units (sweep points) go on. Cancellation aborts the running plugin's signal.
 */
import { ReplaySubject, type Observable } from 'rxjs';
import { randomBytes } from 'node:crypto';
import type { Plan, StagePlan, UnitPlan } from './plan.js';
import type { RunEndEvent, RunEvent, RunStartEvent, RunStatus, StageSummary, UnitSummary } from './events.js';
import type { StageCache, CacheMeta } from './cache.js';
import type { PluginRegistry } from './registry.js';
import { RunHistory, explainChange, type HistoryRecord } from './history.js';
import { createStageContext, type StageRecord } from './context.js';
import { invokePlugin } from './invoke.js';
import { createRng } from './rng.js';
import { classifyError } from './classify-error.js';
import { setTensorRuntime, tensorCount } from './tensor-count.js';

export interface RunOptions {
  registry: PluginRegistry;
  cache: StageCache;
  history: RunHistory;
  /** Skip cache lookups (results are still stored). */
  noCache?: boolean;
  outDir: string;
  runId?: string;
  progressIntervalMs?: number;
  /** Where the caller will write the run's HTML report; listed in `run:end.reports`. */
  defaultReport?: string;
}

export interface StageOutcome {
  summary: StageSummary;
  record: StageRecord;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  units: UnitSummary[];
  /** unit id → stage name → what it recorded (for the HTML report). */
  records: Map<string, Map<string, StageOutcome>>;
  reports: string[];
  durationMs: number;
}

export interface RunHandle {
  runId: string;
  events$: Observable<RunEvent>;
  result: Promise<RunResult>;
  cancel(): void;
}

/** Run ids sort by time and are unique enough to share a queue: `YYYYMMDDhhmmss-xxxxxx`. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

export function startRun(plan: Plan, opts: RunOptions): RunHandle {
  const runId = opts.runId ?? newRunId();
  const subject = new ReplaySubject<RunEvent>();
  const ac = new AbortController();
  const emit = (e: RunEvent) => subject.next(e);
  const result = execute(plan, opts, runId, ac.signal, emit).finally(() => subject.complete());
  return { runId, events$: subject.asObservable(), result, cancel: () => ac.abort() };
}

async function execute(plan: Plan, opts: RunOptions, runId: string, signal: AbortSignal, emit: (e: RunEvent) => void): Promise<RunResult> {
  const t0 = Date.now();
  emit(runStartEvent(plan, runId, t0));
  const units: UnitSummary[] = [];
  const records = new Map<string, Map<string, StageOutcome>>();
  for (const unit of plan.units) {
    const outcomes = await runUnit(plan, unit, opts, runId, signal, emit);
    records.set(unit.id, outcomes);
    units.push(unitSummary({ id: unit.id, pipeline: unit.pipeline.name, params: unit.params }, outcomes));
  }
  const { event, result } = endRun(runId, t0, units, records, { aborted: signal.aborted, defaultReport: opts.defaultReport });
  emit(event);
  return result;
}

/** The `run:start` event of a plan; executors that run units elsewhere send the same one. */
export function runStartEvent(plan: Plan, runId: string, time = Date.now()): RunStartEvent {
  return {
    type: 'run:start',
    time,
    runId,
    file: plan.file,
    units: plan.units.map((u) => ({
      id: u.id,
      pipeline: u.pipeline.name,
      params: u.params,
      backend: u.backend,
      seed: u.seed,
      stages: u.stages.map((s) => ({ name: s.name, kind: s.plugin.kind, plugin: s.plugin.id, key: s.key, inputs: s.inputs })),
    })),
  };
}

export function unitSummary(u: Pick<UnitSummary, 'id' | 'pipeline' | 'params'>, outcomes: Map<string, StageOutcome>): UnitSummary {
  const stages = Object.fromEntries([...outcomes].map(([n, o]) => [n, o.summary]));
  const statuses = Object.values(stages).map((s) => s.status);
  const status: RunStatus = statuses.includes('cancelled') ? 'cancelled' : statuses.includes('error') ? 'error' : 'ok';
  return { ...u, status, stages };
}

/** Merges every unit into `run:end` (stages keyed UNIT/STAGE when there are several units). */
export function endRun(runId: string, t0: number, units: UnitSummary[], records: Map<string, Map<string, StageOutcome>>, o: { aborted: boolean; defaultReport?: string }): { event: RunEndEvent; result: RunResult } {
  const status: RunStatus = o.aborted ? 'cancelled' : units.some((u) => u.status === 'error') ? 'error' : units.some((u) => u.status === 'cancelled') ? 'cancelled' : 'ok';
  const single = units.length === 1;
  const stages: Record<string, StageSummary> = {};
  for (const u of units) for (const [n, s] of Object.entries(u.stages)) stages[single ? n : `${u.id}/${n}`] = s;
  const requested = [...records.values()].flatMap((m) => [...m.values()].flatMap((x) => x.record.reports));
  const reports = [...new Set([...(o.defaultReport ? [o.defaultReport] : []), ...requested])];
  const durationMs = Date.now() - t0;
  return { event: { type: 'run:end', time: Date.now(), runId, status, stages, units, durationMs, reports }, result: { runId, status, units, records, reports, durationMs } };
}

/** Runs one unit of a plan (also what a queue worker runs for one job). */
export async function runUnit(plan: Plan, unit: UnitPlan, opts: RunOptions, runId: string, signal: AbortSignal, emit: (e: RunEvent) => void): Promise<Map<string, StageOutcome>> {
  emit({ type: 'unit:start', time: Date.now(), runId, unit: unit.id, backend: unit.backend });
  const outcomes = new Map<string, StageOutcome>();
  const hits = new Map<string, CacheMeta>();
  const corrupt = new Map<string, string>();
  for (const s of unit.stages) {
    if (opts.noCache || s.plugin.cache === false) continue;
    const l = await opts.cache.lookup(s.key);
    if (l.hit) hits.set(s.name, l.meta);
    else if (l.reason === 'corrupt') corrupt.set(s.name, l.detail ?? 'corrupt');
  }
  const mustRun = needed(unit, hits);
  const history = await opts.history.read(plan.file, unit.id);
  const nextHistory: HistoryRecord = {};
  const outputs = new Map<string, unknown>();
  let failed: { stage: string } | undefined;
  let backendReady = false;

  for (const s of unit.stages) {
    const base = { runId, unit: unit.id, stage: s.name };
    nextHistory[s.name] = { key: s.key, material: s.keyMaterial };
    if (failed || signal.aborted) {
      const status = signal.aborted ? 'cancelled' : 'skipped';
      emit({ type: 'stage:end', time: Date.now(), ...base, plugin: s.plugin.id, status, metrics: {}, durationMs: 0 });
      outcomes.set(s.name, { summary: { status, plugin: s.plugin.id, metrics: {}, durationMs: 0 }, record: emptyRecord() });
      continue;
    }
    const hit = hits.get(s.name);
    let loadFailed: string | undefined;
    if (hit && !mustRun.has(s.name) && consumedByRunning(unit, s, mustRun)) {
      try {
        outputs.set(s.name, await opts.cache.load(s.key));
      } catch (e) {
        loadFailed = (e as Error).message;
        corrupt.set(s.name, loadFailed);
      }
    }
    if (!mustRun.has(s.name) && !loadFailed) {
      if (hit) {
        emit({ type: 'stage:cached', time: Date.now(), ...base, plugin: s.plugin.id, key: s.key, metrics: hit.metrics, ...(hit.result !== undefined ? { result: hit.result } : {}) });
        emit({ type: 'stage:end', time: Date.now(), ...base, plugin: s.plugin.id, status: 'cached', metrics: hit.metrics, ...(hit.result !== undefined ? { result: hit.result } : {}), durationMs: 0 });
        outcomes.set(s.name, {
          summary: { status: 'cached', plugin: s.plugin.id, metrics: hit.metrics, ...(hit.result !== undefined ? { result: hit.result } : {}), durationMs: hit.durationMs },
          record: { metrics: hit.metrics, series: hit.series, ...(hit.axes ? { axes: hit.axes } : {}), figures: hit.figures, reports: hit.reports ?? [] },
        });
      } else {
        emit({ type: 'stage:end', time: Date.now(), ...base, plugin: s.plugin.id, status: 'skipped', metrics: {}, durationMs: 0 });
        outcomes.set(s.name, { summary: { status: 'skipped', plugin: s.plugin.id, metrics: {}, durationMs: 0 }, record: emptyRecord() });
      }
      continue;
    }
    const started = Date.now();
    const prevInputs = history[s.name]?.material.inputs ?? {};
    const changedInputs = Object.entries(s.inputs)
      .filter(([port]) => JSON.stringify(prevInputs[port]) !== JSON.stringify(s.keyMaterial.inputs[port]))
      .flatMap(([, src]) => src);
    const reason = opts.noCache
      ? '--no-cache'
      : s.plugin.cache === false
        ? 'not cached (cheap stage), needed downstream'
        : corrupt.has(s.name)
          ? `cache entry was corrupt (${corrupt.get(s.name)}); recomputing`
          : explainChange(history[s.name]?.material, s.keyMaterial, changedInputs);
    emit({ type: 'stage:start', time: started, ...base, plugin: s.plugin.id, key: s.key, reason });
    const { ctx, record } = createStageContext({
      runId,
      unit: unit.id,
      stage: { name: s.name, pipeline: unit.pipeline.name, kind: s.plugin.kind, pluginId: s.plugin.id },
      node: s.node,
      file: plan.file,
      seed: unit.seed,
      rng: createRng(unit.seed, s.name),
      backend: unit.backend,
      baseDir: plan.baseDir,
      outDir: opts.outDir,
      signal,
      emit,
      progressIntervalMs: opts.progressIntervalMs,
    });
    try {
      if (!backendReady) {
        await activateBackend(unit.backend, opts.registry);
        backendReady = true;
      }
      const inputs = gatherInputs(s, outputs);
      const before = await tensorCount();
      const res = await invokePlugin(s.plugin, ctx, inputs, s.config);
      const leaked = (await tensorCount()) - before;
      if (leaked > 0) ctx.warn(`${s.plugin.id} left ${leaked} tensor(s) allocated after it finished`);
      outputs.set(s.name, res.output);
      const durationMs = Date.now() - started;
      if (s.plugin.cache !== false) {
        await opts.cache.store(s.key, { pluginId: s.plugin.id, pluginVersion: s.plugin.version, stage: s.name, metrics: record.metrics, series: record.series, ...(record.axes ? { axes: record.axes } : {}), figures: record.figures, reports: record.reports, ...(res.result !== undefined ? { result: res.result } : {}), durationMs }, res.output);
      }
      emit({ type: 'stage:end', time: Date.now(), ...base, plugin: s.plugin.id, status: 'ok', metrics: record.metrics, ...(res.result !== undefined ? { result: res.result } : {}), durationMs });
      outcomes.set(s.name, { summary: { status: 'ok', plugin: s.plugin.id, metrics: record.metrics, ...(res.result !== undefined ? { result: res.result } : {}), durationMs }, record });
    } catch (err) {
      const durationMs = Date.now() - started;
      const c = classifyError(err, s, plan.file, signal.aborted);
      const status = c.code === 'PW3004' ? 'cancelled' : 'error';
      if (status === 'error') emit({ type: 'stage:error', time: Date.now(), ...base, plugin: s.plugin.id, code: c.code, message: c.message, ...(c.location ? { location: c.location } : {}) });
      emit({ type: 'stage:end', time: Date.now(), ...base, plugin: s.plugin.id, status, metrics: record.metrics, durationMs });
      outcomes.set(s.name, { summary: { status, plugin: s.plugin.id, metrics: record.metrics, error: c, durationMs }, record });
      failed = { stage: s.name };
      delete nextHistory[s.name];
    }
  }
  await opts.history.write(plan.file, unit.id, nextHistory).catch(() => undefined);
  return outcomes;
}

/** Stages that must execute: cache misses, plus uncached stages whose output a runner needs. */
function needed(unit: UnitPlan, hits: Map<string, CacheMeta>): Set<string> {
  const run = new Set<string>();
  for (const s of [...unit.stages].reverse()) {
    const consumers = unit.stages.filter((c) => run.has(c.name) && Object.values(c.inputs).flat().includes(s.name));
    if (s.plugin.cache === false ? consumers.length > 0 || isSink(unit, s) : !hits.has(s.name)) run.add(s.name);
  }
  return run;
}

/** A stage nobody consumes runs if uncached, even when marked cheap (it is the point of the run). */
function isSink(unit: UnitPlan, s: StagePlan): boolean {
  return !unit.stages.some((c) => Object.values(c.inputs).flat().includes(s.name));
}

function consumedByRunning(unit: UnitPlan, s: StagePlan, running: Set<string>): boolean {
  return unit.stages.some((c) => running.has(c.name) && Object.values(c.inputs).flat().includes(s.name));
}

function gatherInputs(s: StagePlan, outputs: Map<string, unknown>): Record<string, unknown> {
  const get = (name: string): unknown => {
    if (!outputs.has(name)) throw new Error(`internal: input '${name}' of stage '${s.name}' was neither computed nor loaded`);
    return outputs.get(name);
  };
  return Object.fromEntries(Object.entries(s.inputs).map(([port, src]) => [port, Array.isArray(src) ? src.map(get) : get(src)]));
}

async function activateBackend(name: string, registry: PluginRegistry): Promise<void> {
  const b = registry.backend(name);
  if (!b) throw Object.assign(new Error(`unknown backend '${name}'`), { code: 'PW2010' });
  try {
    await b.activate();
    setTensorRuntime(await import('@tensorflow/tfjs'));
  } catch (e) {
    throw Object.assign(new Error(`backend '${name}' is unavailable: ${(e as Error).message}`), { code: 'PW2016' });
  }
}

function emptyRecord(): StageRecord {
  return { metrics: {}, series: {}, figures: [], reports: [] };
}
