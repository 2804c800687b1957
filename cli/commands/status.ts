/**
 * `pipewright status RUN_ID --redis URL`: a queued run's jobs (state, worker, attempts).
 * `--follow` re-attaches: the run's events from the start, then live, ending like `run` does
 * (same console output or --json lines, same HTML report, same exit code). `--cancel` stops it.
 */
import type { Command } from 'commander';
import { cancelRun, followRun, QueueConnection, QueueError, readRunRecord, runStatus, parseRedisUrl } from '../../kernel/queue/index.js';
import { colors, type Io } from '../io.js';
import { present, reportQueueError } from './run.js';

export interface StatusFlags {
  redis?: string;
  queue?: string;
  json?: boolean;
  follow?: boolean;
  cancel?: boolean;
}

export function defineStatusCommand(program: Command, io: Io, set: (p: Promise<number>) => Promise<void>): void {
  program
    .command('status')
    .argument('<run-id>', 'the run id printed by `run --executor queue` (also in run:start)')
    .option('--redis <url>', 'Redis of the queue, redis://HOST:PORT')
    .option('--queue <name>', 'queue name (default pipewright)')
    .option('--json', 'machine-readable output')
    .option('--follow', 're-attach: replay and follow the run to its end, like `run`')
    .option('--cancel', 'cancel the run (running units stop, waiting ones are removed)')
    .description('show (or follow, or cancel) a queued run')
    .action((runId: string, o: StatusFlags) => set(statusCommand(runId, o, io)));
}

export async function statusCommand(runId: string, flags: StatusFlags, io: Io): Promise<number> {
  const pc = colors(io);
  let conn: QueueConnection | undefined;
  try {
    parseRedisUrl(flags.redis);
    conn = await QueueConnection.open(flags.redis!, flags.queue);
    if (flags.follow) {
      const handle = followRun(conn, runId, { onNotice: flags.json ? undefined : (l) => io.err(`${l}\n`) });
      const r = await present(handle, (await readRunRecord(conn, runId)).file, undefined, flags, io);
      return r.status === 'ok' ? 0 : r.status === 'cancelled' ? 130 : 1;
    }
    if (flags.cancel) {
      const removed = await cancelRun(conn, runId);
      io.out(`cancelled run ${runId}: ${removed} waiting job(s) removed; running ones stop within a second\n`);
      return 0;
    }
    const s = await runStatus(conn, runId);
    if (flags.json) {
      io.out(`${JSON.stringify({ runId, file: s.run.file, submittedFrom: s.run.submittedFrom, createdAt: s.run.createdAt, counts: s.counts, jobs: s.jobs })}\n`);
      return 0;
    }
    io.out(`${pc.bold(`run ${runId}`)}  ${s.run.file}  (from ${s.run.submittedFrom}, ${new Date(s.run.createdAt).toISOString()})\n`);
    io.out(`${Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
    const rows = [['job', 'unit', 'state', 'worker', 'attempts', 'outcome'], ...s.jobs.map((j) => [j.job, j.unit, j.state, j.worker ?? '-', String(j.attempts), j.outcome ? `${j.outcome}${j.error ? `: ${j.error}` : ''}` : ''])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) io.out(`${r.map((c, i) => (i === 5 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`);
    return 0;
  } catch (e) {
    if (e instanceof QueueError) return reportQueueError(e, { json: flags.json && flags.follow }, io);
    throw e;
  } finally {
    await conn?.close();
  }
}
