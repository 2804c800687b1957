/** `pipewright run FILE`: prepare, run, render (console or --json), write the HTML report(s). */
import { readFile } from 'node:fs/promises';
import type { Subscription } from 'rxjs';
import { preparePipe } from '../../kernel/session.js';
import { hasErrors, diagnosticToJson } from '../../dsl/diagnostics.js';
import type { RunHandle, RunResult } from '../../kernel/runner.js';
import { renderConsole } from '../../kernel/renderers/console.js';
import { renderJsonLines } from '../../kernel/renderers/json-lines.js';
import { renderHtmlReport, writeFileAtomic } from '../../kernel/renderers/html-report.js';
import type { Plan } from '../../kernel/plan.js';
import type { PluginRegistry } from '../../kernel/registry.js';
import { EXECUTORS, LocalExecutor, QueueExecutor, type Executor } from '../../kernel/executors/index.js';
import { loadPluginModules, parseRedisUrl, QueueError } from '../../kernel/queue/index.js';
import { printDiagnostics, type Io } from '../io.js';
import { cacheDir, defaultReportPath, homeDir } from '../paths.js';

export interface RunFlags {
  json?: boolean;
  cache?: boolean;
  pipeline?: string;
  home?: string;
  executor?: string;
  redis?: string;
  queue?: string;
  plugins?: string;
}

export { EXECUTORS };

/** Starts a run of a linked plan with the renderers attached; used by `run` and `watch`. */
export function launch(plan: Plan, registry: PluginRegistry, flags: RunFlags, io: Io, executor: Executor = new LocalExecutor(), text?: string): { handle: RunHandle; done: Promise<RunResult> } {
  const home = homeDir(flags.home);
  const report = defaultReportPath(home, plan.file);
  const handle = executor.start(plan, { registry, cacheDir: cacheDir(home), home, noCache: flags.cache === false, defaultReport: report, text, pipeline: flags.pipeline });
  return { handle, done: present(handle, plan.file, report, flags, io) };
}

/** Renders a run's events (console or --json) and writes its HTML report(s) when it ends. */
export function present(handle: RunHandle, file: string, report: string | undefined, flags: { json?: boolean }, io: Io): Promise<RunResult> {
  const sub: Subscription = flags.json ? renderJsonLines(handle.events$, io.out) : renderConsole(handle.events$, { tty: io.isTTY, write: io.out });
  return handle.result.then(
    async (r) => {
      sub.unsubscribe();
      const html = renderHtmlReport(file, r);
      for (const p of new Set([...(report ? [report] : []), ...r.reports])) await writeFileAtomic(p, html);
      return r;
    },
    (e: unknown) => {
      sub.unsubscribe();
      throw e;
    },
  );
}

/** Checks --executor / --redis before anything is read or linked: usage errors exit 2. */
function chooseExecutor(flags: RunFlags): string | QueueError {
  const name = flags.executor ?? (flags.redis ? 'queue' : 'local');
  if (!(EXECUTORS as readonly string[]).includes(name)) return new QueueError(`unknown executor '${name}' (available: ${EXECUTORS.join(', ')})`, 'usage');
  if (name === 'queue' && !flags.redis) return new QueueError('--executor queue needs --redis redis://HOST:PORT (the Redis your workers use)', 'usage');
  if (name === 'local' && flags.redis) return new QueueError('--redis only applies to --executor queue', 'usage');
  if (name === 'queue') {
    try {
      parseRedisUrl(flags.redis);
    } catch (e) {
      return e as QueueError;
    }
  }
  return name;
}

/** A QueueError as one line (and, under --json, a closing run:end); its exit code. */
export function reportQueueError(e: QueueError, flags: { json?: boolean }, io: Io): number {
  io.err(`pipewright: ${e.message}\n`);
  if (flags.json) io.out(`${JSON.stringify({ type: 'run:end', time: Date.now(), runId: null, status: 'error', stages: {}, units: [], durationMs: 0, reports: [], error: e.message })}\n`);
  return e.kind === 'usage' ? 2 : 1;
}

export async function runCommand(file: string, flags: RunFlags, io: Io): Promise<number> {
  const chosen = chooseExecutor(flags);
  if (chosen instanceof QueueError) return reportQueueError(chosen, flags, io);
  let extra;
  try {
    extra = await loadPluginModules(flags.plugins);
  } catch (e) {
    if (e instanceof QueueError) return reportQueueError(e, flags, io);
    throw e;
  }
  // Read once: the text that is linked here is the text queue workers link.
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const prep = await preparePipe(file, { builtins: [...io.builtins(), ...extra], pipeline: flags.pipeline, ...(text !== undefined ? { text } : {}) });
  if (hasErrors(prep.diagnostics) || !prep.plan || !prep.kernel) {
    printDiagnostics(io, prep.diagnostics, !!flags.json);
    if (flags.json) {
      io.out(`${JSON.stringify({ type: 'run:end', time: Date.now(), runId: null, status: 'error', stages: {}, units: [], durationMs: 0, reports: [], diagnostics: prep.diagnostics.map(diagnosticToJson) })}\n`);
    }
    return 1;
  }
  printDiagnostics(io, prep.diagnostics, !!flags.json); // warnings
  let executor: Executor;
  try {
    executor = chosen === 'queue' ? await QueueExecutor.connect(flags.redis!, { queue: flags.queue, onNotice: flags.json ? undefined : (l) => io.err(`${l}\n`) }) : new LocalExecutor();
  } catch (e) {
    if (e instanceof QueueError) return reportQueueError(e, flags, io);
    throw e;
  }
  const { handle, done } = launch(prep.plan, prep.kernel.registry, flags, io, executor, text);
  if (chosen === 'queue' && !flags.json) io.err(`pipewright: run ${handle.runId} queued (follow it elsewhere: pipewright status ${handle.runId} --redis URL --follow)\n`);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      io.err('\npipewright: cancelling (Ctrl-C again to quit now)\n');
      handle.cancel();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  try {
    const r = await done;
    return r.status === 'ok' ? 0 : r.status === 'cancelled' ? 130 : 1;
  } catch (e) {
    if (e instanceof QueueError) return reportQueueError(e, flags, io);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    await executor.close();
  }
}
