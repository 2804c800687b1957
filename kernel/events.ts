/**
 * Kernel events: one discriminated union, JSON-serialisable, so the same stream feeds the TTY
 * renderer, `--json` lines, the HTML report, watch mode, and (later) crosses process boundaries.
 * The format is documented in docs/events.md; scripts rely on it.
 */
import type { JsonValue } from './plugin.js';
import type { SeriesPoint } from './cache.js';

export type RunStatus = 'ok' | 'error' | 'cancelled';

interface Base {
  /** Milliseconds since the epoch. */
  time: number;
  runId: string;
}

interface StageBase extends Base {
  /** A run unit: one pipeline, or one point of a sweep (`name[lr=0.1]`). */
  unit: string;
  stage: string;
}

export interface UnitPlan {
  id: string;
  pipeline: string;
  params: Record<string, JsonValue>;
  backend: string;
  seed: number;
  stages: { name: string; kind: string; plugin: string; key: string; inputs: Record<string, string | string[]> }[];
}

export interface RunStartEvent extends Base {
  type: 'run:start';
  file: string;
  units: UnitPlan[];
}
export interface UnitStartEvent extends Base {
  type: 'unit:start';
  unit: string;
  backend: string;
}
export interface StageStartEvent extends StageBase {
  type: 'stage:start';
  plugin: string;
  key: string;
  /** Why this stage runs rather than coming from the cache. */
  reason: string;
}
export interface StageProgressEvent extends StageBase {
  type: 'stage:progress';
  done: number;
  total: number;
  unitName?: string;
  loss?: number;
  message?: string;
  /** Estimated seconds left for this stage. */
  eta?: number;
}
export interface StageMetricEvent extends StageBase {
  type: 'stage:metric';
  name: string;
  value: number;
  step?: number;
  /** What `step` counts when it is not optimizer steps (`epoch`, `t`). */
  axis?: string;
}
export interface StageLogEvent extends StageBase {
  type: 'stage:log';
  level: 'info' | 'warn';
  message: string;
}
export interface StageArtifactEvent extends StageBase {
  type: 'stage:artifact';
  path: string;
  description?: string;
}
export interface StageCachedEvent extends StageBase {
  type: 'stage:cached';
  plugin: string;
  key: string;
  metrics: Record<string, number>;
  result?: JsonValue;
}
export interface StageErrorEvent extends StageBase {
  type: 'stage:error';
  plugin: string;
  code: string;
  message: string;
  /** `FILE:LINE:COL` of the stage (or the offending option) in the .pipe file. */
  location?: string;
}
export interface StageEndEvent extends StageBase {
  type: 'stage:end';
  plugin: string;
  status: RunStatus | 'cached' | 'skipped';
  metrics: Record<string, number>;
  result?: JsonValue;
  durationMs: number;
}

export interface StageSummary {
  status: RunStatus | 'cached' | 'skipped';
  plugin: string;
  metrics: Record<string, number>;
  result?: JsonValue;
  error?: { code: string; message: string; location?: string };
  durationMs: number;
}

export interface UnitSummary {
  id: string;
  pipeline: string;
  params: Record<string, JsonValue>;
  status: RunStatus;
  stages: Record<string, StageSummary>;
}

export interface RunEndEvent extends Base {
  type: 'run:end';
  status: RunStatus;
  /**
   * Every stage's final metrics keyed by stage name. With several units (sweep points, several
   * pipelines) the key is `UNIT/STAGE`.
   */
  stages: Record<string, StageSummary>;
  units: UnitSummary[];
  durationMs: number;
  reports: string[];
}

export type RunEvent =
  | RunStartEvent
  | UnitStartEvent
  | StageStartEvent
  | StageProgressEvent
  | StageMetricEvent
  | StageLogEvent
  | StageArtifactEvent
  | StageCachedEvent
  | StageErrorEvent
  | StageEndEvent
  | RunEndEvent;

export type { SeriesPoint };
