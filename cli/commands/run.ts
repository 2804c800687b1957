/** `pipewright run FILE`: prepare, run, render (console or --json), write the HTML report(s). */
import type { Subscription } from 'rxjs';
import { preparePipe } from '../../kernel/session.js';
import { hasErrors, diagnosticToJson } from '../../dsl/diagnostics.js';
import { startRun, type RunHandle, type RunResult } from '../../kernel/runner.js';
import { StageCache } from '../../kernel/cache.js';
import { RunHistory } from '../../kernel/history.js';
import { renderConsole } from '../../kernel/renderers/console.js';
import { renderJsonLines } from '../../kernel/renderers/json-lines.js';
import { renderHtmlReport, writeFileAtomic } from '../../kernel/renderers/html-report.js';
import type { Plan } from '../../kernel/plan.js';
import type { PluginRegistry } from '../../kernel/registry.js';
import { printDiagnostics, type Io } from '../io.js';
import { cacheDir, defaultReportPath, homeDir } from '../paths.js';

export interface RunFlags {
  json?: boolean;
  cache?: boolean;
  pipeline?: string;
  home?: string;
  executor?: string;
}

export const EXECUTORS = ['local'];

/** Starts a run of a linked plan with the renderers attached; used by `run` and `watch`. */
export function launch(plan: Plan, registry: PluginRegistry, flags: RunFlags, io: Io): { handle: RunHandle; done: Promise<RunResult> } {
  const home = homeDir(flags.home);
  const report = defaultReportPath(home, plan.file);
  const handle = startRun(plan, {
    registry,
    cache: new StageCache(cacheDir(home)),
    history: new RunHistory(home),
    noCache: flags.cache === false,
    outDir: home,
    defaultReport: report,
  });
  const sub: Subscription = flags.json ? renderJsonLines(handle.events$, io.out) : renderConsole(handle.events$, { tty: io.isTTY, write: io.out });
  const done = handle.result.then(async (r) => {
    sub.unsubscribe();
    const html = renderHtmlReport(plan.file, r);
    for (const p of new Set([report, ...r.reports])) await writeFileAtomic(p, html);
    return r;
  });
  return { handle, done };
}

export async function runCommand(file: string, flags: RunFlags, io: Io): Promise<number> {
  if (flags.executor && !EXECUTORS.includes(flags.executor)) {
    io.err(`pipewright: unknown executor '${flags.executor}' (available: ${EXECUTORS.join(', ')})\n`);
    return 2;
  }
  const prep = await preparePipe(file, { builtins: io.builtins(), pipeline: flags.pipeline });
  if (hasErrors(prep.diagnostics) || !prep.plan || !prep.kernel) {
    printDiagnostics(io, prep.diagnostics, !!flags.json);
    if (flags.json) {
      io.out(`${JSON.stringify({ type: 'run:end', time: Date.now(), runId: null, status: 'error', stages: {}, units: [], durationMs: 0, reports: [], diagnostics: prep.diagnostics.map(diagnosticToJson) })}\n`);
    }
    return 1;
  }
  printDiagnostics(io, prep.diagnostics, !!flags.json); // warnings
  const { handle, done } = launch(prep.plan, prep.kernel.registry, flags, io);
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
  } finally {
    process.off('SIGINT', onSigint);
  }
}
