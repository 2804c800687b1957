/**
 * Submitting a run: the run record and the stream's first entry (`run:start`), then every job in
 * one `addBulk` — a single MULTI/EXEC, so either all of a run's jobs are enqueued or none is.
 * Cancelling: a flag workers poll, and the removal of jobs not yet started.
 */
import { hostname } from 'node:os';
import { Job } from 'bullmq';
import type { Plan } from '../plan.js';
import { runStartEvent } from '../runner.js';
import type { QueueConnection } from './connection.js';
import { QueueError } from './codes.js';
import type { RunRecord, StreamEntry, UnitJob } from './job.js';
import { cancelKey, eventsKey, jobIdOf, RETENTION_S, runKey } from './names.js';

export interface SubmitOptions {
  runId: string;
  text: string;
  pipeline?: string;
  cacheDir: string;
  home: string;
  noCache?: boolean;
  defaultReport?: string;
}

export async function submitRun(conn: QueueConnection, plan: Plan, o: SubmitOptions): Promise<RunRecord> {
  const submittedFrom = hostname();
  const jobs = plan.units.map((u, i) => ({ id: jobIdOf(o.runId, i), unit: u.id }));
  const record: RunRecord = { runId: o.runId, queue: conn.queueName, file: plan.file, jobs, defaultReport: o.defaultReport, submittedFrom, createdAt: Date.now() };
  const start: StreamEntry = { kind: 'start', event: runStartEvent(plan, o.runId) };
  const rk = runKey(conn.queueName, o.runId);
  const ek = eventsKey(conn.queueName, o.runId);
  const ok = await conn.redis.set(rk, JSON.stringify(record), 'EX', RETENTION_S, 'NX');
  if (ok !== 'OK') throw new QueueError(`run id '${o.runId}' is already taken on this queue`);
  try {
    await conn.redis.multi().xadd(ek, '*', 'e', JSON.stringify(start)).expire(ek, RETENTION_S).exec();
    await conn.queue.addBulk(
      plan.units.map((u, i) => {
        const data: UnitJob = {
          runId: o.runId,
          unit: u.id,
          file: plan.file,
          text: o.text,
          ...(o.pipeline ? { pipeline: o.pipeline } : {}),
          keys: Object.fromEntries(u.stages.map((s) => [s.name, s.key])),
          cacheDir: o.cacheDir,
          home: o.home,
          noCache: !!o.noCache,
          submittedFrom,
        };
        // Plugin errors do not throw out of a job (they are results); attempts cover lost workers
        // and Redis hiccups inside the worker.
        return { name: u.id, data, opts: { jobId: jobs[i]!.id, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: { age: RETENTION_S }, removeOnFail: { age: RETENTION_S } } };
      }),
    );
  } catch (e) {
    await conn.redis.del(rk, ek).catch(() => undefined);
    throw new QueueError(`could not enqueue run ${o.runId} on ${conn.url}: ${(e as Error).message}`);
  }
  return record;
}

export async function readRunRecord(conn: QueueConnection, runId: string): Promise<RunRecord> {
  const text = await conn.redis.get(runKey(conn.queueName, runId));
  if (!text) throw new QueueError(`no run '${runId}' on queue '${conn.queueName}' at ${conn.url} (runs are kept ${RETENTION_S / 86400} days)`, 'unknown-run');
  return JSON.parse(text) as RunRecord;
}

/** Stops a run: running units see the flag within a second; units not started are removed. */
export async function cancelRun(conn: QueueConnection, runId: string): Promise<number> {
  const rec = await readRunRecord(conn, runId);
  await conn.redis.set(cancelKey(conn.queueName, runId), '1', 'EX', RETENTION_S);
  let removed = 0;
  for (const { id } of rec.jobs) {
    const job = await Job.fromId(conn.queue, id);
    const state = job ? await job.getState() : 'unknown';
    if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
      // An active job holds a lock and cannot be removed; it stops on the flag instead.
      removed += await job.remove().then(
        () => 1,
        () => 0,
      );
    }
  }
  return removed;
}
