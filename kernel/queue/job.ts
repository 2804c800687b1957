/**
 * What crosses Redis: the job payload (one run unit), its result, the run record, and the
 * entries of a run's event stream. All plain JSON — a job carries the .pipe text, never objects.
 */
import type { RunEvent, RunStartEvent } from '../events.js';
import type { StageOutcome } from '../runner.js';

export interface UnitJob {
  runId: string;
  unit: string;
  /** Absolute path on the submitter; relative `use` and config paths resolve from its folder. */
  file: string;
  /** The .pipe source the submitter linked; the worker links the same text. */
  text: string;
  pipeline?: string;
  /** Stage name → cache key as linked by the submitter; a worker with other plugins differs. */
  keys: Record<string, string>;
  /** The shared content-addressed cache (a shared filesystem across machines). */
  cacheDir: string;
  /** Run history and plugin output folder. */
  home: string;
  noCache: boolean;
  submittedFrom: string;
}

export interface UnitJobResult {
  unit: string;
  worker: string;
  outcomes: [string, StageOutcome][];
}

export interface RunRecord {
  runId: string;
  queue: string;
  file: string;
  jobs: { id: string; unit: string }[];
  /** The HTML report path on the submitting machine (re-attaching writes it again). */
  defaultReport?: string;
  submittedFrom: string;
  createdAt: number;
}

/** Tags a relayed event carries: which job, which worker, which attempt of the job. */
export interface JobTags {
  job: string;
  worker: string;
  attempt: number;
}

export type QueuedRunEvent = RunEvent & Partial<JobTags>;

export type StreamEntry =
  | { kind: 'start'; event: RunStartEvent }
  | ({ kind: 'event'; event: RunEvent } & JobTags)
  /** A hint that a job reached a final state; the job's state in BullMQ is the authority. */
  | { kind: 'finished'; job: string };
