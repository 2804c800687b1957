/**
 * A minimal PluginContext for plugin tests: records what a stage emits, validates configs the
 * way the kernel does (ajv, defaults filled in), and throws a typed error for configError.
 */
import { Ajv } from 'ajv';
import { createRng } from '../../../kernel/rng.js';
import type { Plugin, PluginContext, ProgressUpdate, StageResult } from '../../../kernel/plugin.js';

export class FakeConfigError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface Recorded {
  logs: string[];
  warnings: string[];
  progress: ProgressUpdate[];
  metrics: { name: string; value: number; step?: number }[];
  reports: string[];
}

export function fakeContext(plugin: Plugin, seed = 1, signal = new AbortController().signal): { ctx: PluginContext; rec: Recorded } {
  const rec: Recorded = { logs: [], warnings: [], progress: [], metrics: [], reports: [] };
  const ctx: PluginContext = {
    stage: { name: plugin.name, pipeline: 'test', kind: plugin.kind, pluginId: plugin.id },
    signal,
    rng: createRng(seed, plugin.name),
    seed,
    backend: 'cpu',
    baseDir: '/tmp/pipe',
    outDir: '/tmp/pipe/out',
    resolvePath: (p) => (p.startsWith('/') ? p : `/tmp/pipe/${p}`),
    log: (m) => rec.logs.push(m),
    warn: (m) => rec.warnings.push(m),
    progress: (u) => rec.progress.push(u),
    metric: (name, value, step) => rec.metrics.push({ name, value, ...(step !== undefined ? { step } : {}) }),
    artifact: () => {},
    figure: () => {},
    requestReport: (p) => rec.reports.push(p),
    configError: (path, message, hint) => {
      throw new FakeConfigError(path, message, hint);
    },
    throwIfAborted: () => signal.throwIfAborted(),
  };
  return { ctx, rec };
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });

/** Validates `config` against the plugin's schema (filling defaults); throws with ajv's errors. */
export function validated<C>(plugin: Plugin<C>, config: Record<string, unknown>): C {
  const copy = structuredClone(config);
  const validate = ajv.compile(plugin.configSchema);
  if (!validate(copy)) throw new Error(`invalid config: ${ajv.errorsText(validate.errors)}`);
  return copy as C;
}

/** Runs a promise-returning plugin with a validated config. */
export async function runPlugin<C, O>(
  plugin: Plugin<C, O>,
  inputs: Record<string, unknown>,
  config: Record<string, unknown>,
  seed = 1,
  signal?: AbortSignal,
): Promise<{ result: StageResult<O>; rec: Recorded }> {
  const { ctx, rec } = fakeContext(plugin as Plugin, seed, signal);
  const result = await (plugin.run(ctx, inputs, validated(plugin, config)) as Promise<StageResult<O>>);
  return { result, rec };
}
