/**
 * The plugin contract. A plugin is a plain object made with `definePlugin`: metadata beside
 * `run`, a JSON schema for its options (validated by ajv, defaults applied, before it runs),
 * and typed ports that the planner matches against other stages' outputs.
 *
 * Artifacts that cross ports must be plain data: objects, arrays, numbers, strings, booleans,
 * null and typed arrays (Float32Array, Float64Array, Int32Array, Uint8Array, ...). No class
 * instances and no tensors: the kernel caches them on disk and may send them to another process.
 */
import type { JSONSchemaType } from 'ajv';

/** The plugin API this kernel speaks; a plugin built for another one is refused. */
export const API_VERSION = 1;

/**
 * A port type. Dotted names are subtypes: an output `Model.graph` fits an input `Model`;
 * `*` accepts anything.
 */
export type PortType = string;

export interface PortSpec {
  type: PortType;
  /** When true the stage runs without it if nothing fits. */
  optional?: boolean;
  /** Collects every fitting candidate (e.g. a report over several branches). */
  multiple?: boolean;
  description?: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export type JsonSchema = Record<string, unknown> | JSONSchemaType<unknown>;

/** What a plugin's `check` hook returns for a semantic problem in its config. */
export interface ConfigIssue {
  /** Path of the offending option, e.g. ['schedule', 'end'] or ['layers', 2]. */
  path: (string | number)[];
  message: string;
  hint?: string;
  code?: string;
}

export interface StageInfo {
  /** Unique stage name inside its pipeline (the `as` name, else derived from kind/plugin). */
  name: string;
  pipeline: string;
  kind: string;
  pluginId: string;
}

/** One seeded random stream; every stage gets its own, derived from the pipeline seed. */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(xs: T[] | Int32Array | Uint32Array): void;
  /** A fresh 32-bit seed (e.g. for tfjs initialisers, which take a number). */
  nextSeed(): number;
  /** A derived, independent stream. */
  fork(label: string): Rng;
}

export interface ProgressUpdate {
  /** Units done so far (steps, epochs, samples ...) out of `total`. */
  done: number;
  total: number;
  /** What a unit is, for the progress line (`step`, `epoch`). */
  unit?: string;
  /** Running loss, shown on the progress bar. */
  loss?: number;
  message?: string;
}

export interface PluginContext {
  readonly stage: StageInfo;
  /** Aborted when the run is cancelled (Ctrl-C, watch re-run); long loops must check it. */
  readonly signal: AbortSignal;
  readonly rng: Rng;
  /** The pipeline's seed (already mixed into `rng`). */
  readonly seed: number;
  /** Name of the tensor backend in force (`wasm`, `cpu`, ...). */
  readonly backend: string;
  /** Folder of the .pipe file: relative paths in configs resolve from here. */
  readonly baseDir: string;
  /** Folder where this run writes reports and exported files. */
  readonly outDir: string;
  resolvePath(p: string): string;
  log(message: string): void;
  warn(message: string): void;
  progress(update: ProgressUpdate): void;
  /**
   * Records a metric. A series (several calls with the same name, `step` set) is plotted in the
   * report; the last value of each name is the stage's final metric in `run:end`. `axis` names
   * what `step` counts (`'epoch'`, `'t'`; default `'step'`), the x-axis label of its chart.
   */
  metric(name: string, value: number, step?: number, axis?: string): void;
  /** Announces a file the stage wrote (report, exported model). */
  artifact(path: string, description?: string): void;
  /**
   * Adds a figure (an SVG string, e.g. from lib/plot) to this run's HTML report, under the
   * stage's section. Series recorded with `metric(..., step)` are plotted automatically.
   */
  figure(title: string, svg: string): void;
  /** Asks the kernel to also write this run's HTML report to `path` when the run ends. */
  requestReport(path: string): void;
  /** Throws an error that points at an option of this stage in the .pipe file. */
  configError(path: (string | number)[], message: string, hint?: string): never;
  /** Throws if the run was cancelled; call between steps. */
  throwIfAborted(): void;
}

export interface StageResult<O = unknown> {
  /** The artifact passed to downstream stages (plain data). */
  output: O;
  /**
   * Structured, JSON-able result shown in `run:end` under `stages.NAME.result`
   * (a ranking, a formula, an architecture ...).
   */
  result?: JsonValue;
}

/** Items a generator/observable-style plugin may yield instead of calling ctx methods. */
export type StageYield =
  | ({ type: 'progress' } & ProgressUpdate)
  | { type: 'metric'; name: string; value: number; step?: number }
  | { type: 'log'; message: string }
  | { type: 'result'; value: StageResult };

export interface ObservableLike<T> {
  subscribe(observer: {
    next: (v: T) => void;
    error: (e: unknown) => void;
    complete: () => void;
  }): { unsubscribe(): void };
}

export type RunReturn<O> =
  | Promise<StageResult<O>>
  | AsyncGenerator<StageYield, StageResult<O> | void, void>
  | ObservableLike<StageYield>;

export type Inputs = Record<string, unknown>;

export interface Plugin<C = any, O = unknown> {
  /** `kind/name`, e.g. `train/adam`. */
  id: string;
  /** Semver of the plugin; part of every cache key. */
  version: string;
  apiVersion: number;
  kind: string;
  /** Name used in .pipe files after the kind (`adam` in `train adam`). */
  name: string;
  description: string;
  /** JSON schema of the options block; `additionalProperties: false` is expected. */
  configSchema: JsonSchema;
  inputs: Record<string, PortSpec>;
  output: PortType;
  /** Cheap stages (data loading) can opt out of the disk cache; they re-run when needed. */
  cache?: boolean;
  /** Semantic checks beyond the schema, run by `pipewright check` and before `run`. */
  check?(config: C): ConfigIssue[];
  run(ctx: PluginContext, inputs: Inputs, config: C): RunReturn<O>;
  /** Free-form docs (markdown) shown by `pipewright plugins --docs`. */
  docs?: string;
}

/** Identity helper that fills `apiVersion`, `name` and checks `id` against `kind`. */
export function definePlugin<C = any, O = unknown>(
  p: Omit<Plugin<C, O>, 'apiVersion' | 'name'> & { apiVersion?: number },
): Plugin<C, O> {
  const [kind, name, extra] = p.id.split('/');
  if (!kind || !name || extra !== undefined || kind !== p.kind) {
    throw new Error(`plugin id '${p.id}' must be '${p.kind}/<name>'`);
  }
  return { apiVersion: API_VERSION, ...p, name };
}

/** What a plugin package's default export may be: one plugin or several. */
export type PluginModule = Plugin | Plugin[] | { plugins: Plugin[] };
