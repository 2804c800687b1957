/**
 * The per-stage plugin context: everything a plugin may touch, bound to its stage and plugin id
 * (so every log line, metric and error names where it came from).
 */
import { isAbsolute, resolve } from 'node:path';
import type { StageNode } from '../dsl/ast.js';
import type { PluginContext, ProgressUpdate, Rng, StageInfo } from './plugin.js';
import type { RunEvent } from './events.js';
import type { SeriesPoint } from './cache.js';
import { StageFailure } from './invoke.js';
import { locate, pathToString } from './link/locate.js';
import { KernelCodes } from './codes.js';

/** What a stage accumulates besides its output; stored in the cache with it. */
export interface StageRecord {
  metrics: Record<string, number>;
  series: Record<string, SeriesPoint[]>;
  /** Per series: what its step counts (`epoch`, `t`, ...) when not plain steps. */
  axes?: Record<string, string>;
  figures: { title: string; svg: string }[];
  reports: string[];
}

export interface ContextDeps {
  runId: string;
  unit: string;
  stage: StageInfo;
  node: StageNode;
  file: string;
  seed: number;
  rng: Rng;
  backend: string;
  baseDir: string;
  outDir: string;
  signal: AbortSignal;
  emit: (e: RunEvent) => void;
  /** Minimum milliseconds between two progress events of a stage. */
  progressIntervalMs?: number;
}

export function createStageContext(d: ContextDeps): { ctx: PluginContext; record: StageRecord } {
  const record: StageRecord = { metrics: {}, series: {}, figures: [], reports: [] };
  const base = () => ({ time: Date.now(), runId: d.runId, unit: d.unit, stage: d.stage.name });
  const started = Date.now();
  let lastProgress = 0;
  const interval = d.progressIntervalMs ?? 150;
  const where = (range = d.node.range) => `${d.file}:${range.start.line}:${range.start.column}`;

  const ctx: PluginContext = {
    stage: d.stage,
    signal: d.signal,
    rng: d.rng,
    seed: d.seed,
    backend: d.backend,
    baseDir: d.baseDir,
    outDir: d.outDir,
    resolvePath: (p) => (isAbsolute(p) ? p : resolve(d.baseDir, p)),
    log: (message) => d.emit({ type: 'stage:log', level: 'info', message, ...base() }),
    warn: (message) => d.emit({ type: 'stage:log', level: 'warn', message, ...base() }),
    progress: (u: ProgressUpdate) => {
      const now = Date.now();
      const last = u.done >= u.total;
      if (!last && now - lastProgress < interval) return;
      lastProgress = now;
      const elapsed = (now - started) / 1000;
      const eta = u.done > 0 && u.total > 0 ? (elapsed * (u.total - u.done)) / u.done : undefined;
      d.emit({
        type: 'stage:progress',
        done: u.done,
        total: u.total,
        ...(u.unit ? { unitName: u.unit } : {}),
        ...(u.loss !== undefined ? { loss: u.loss } : {}),
        ...(u.message ? { message: u.message } : {}),
        ...(eta !== undefined ? { eta } : {}),
        ...base(),
      });
    },
    metric: (name, value, step, axis) => {
      if (typeof value !== 'number') throw new TypeError(`metric '${name}' must be a number, got ${typeof value}`);
      record.metrics[name] = value;
      if (step !== undefined) (record.series[name] ??= []).push({ step, value });
      if (step !== undefined && axis !== undefined) (record.axes ??= {})[name] = axis;
      d.emit({ type: 'stage:metric', name, value, ...(step !== undefined ? { step } : {}), ...(axis !== undefined ? { axis } : {}), ...base() });
    },
    artifact: (path, description) =>
      d.emit({ type: 'stage:artifact', path, ...(description ? { description } : {}), ...base() }),
    figure: (title, svg) => {
      record.figures.push({ title, svg });
    },
    requestReport: (path) => {
      record.reports.push(ctx.resolvePath(path));
    },
    configError: (path, message, hint) => {
      const at = locate(d.node.config, path);
      const name = pathToString(path);
      throw new StageFailure(
        KernelCodes.configAtRun,
        `${d.stage.pluginId}: ${name ? `option '${name}': ` : ''}${message}${hint ? ` (${hint})` : ''}`,
        d.stage.pluginId,
        d.stage.name,
        where(at.node.range),
      );
    },
    throwIfAborted: () => {
      if (d.signal.aborted) throw new StageFailure(KernelCodes.cancelled, 'cancelled', d.stage.pluginId, d.stage.name);
    },
  };
  return { ctx, record };
}
