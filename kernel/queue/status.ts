/** A run's jobs as BullMQ sees them: state, worker, attempts, and the unit's outcome if done. */
import { Job } from 'bullmq';
import type { QueueConnection } from './connection.js';
import { untagReason } from './codes.js';
import type { RunRecord, UnitJobResult } from './job.js';
import { readRunRecord } from './submit.js';

export interface JobStatus {
  job: string;
  unit: string;
  /** waiting, active, completed, failed, delayed, ... or `removed` (cancelled before it ran). */
  state: string;
  worker?: string;
  attempts: number;
  /** For completed jobs: the unit's status (`ok`, `error`, `cancelled`); for failed: `error`. */
  outcome?: string;
  error?: string;
}

export interface RunStatusReport {
  run: RunRecord;
  jobs: JobStatus[];
  counts: Record<string, number>;
}

export async function runStatus(conn: QueueConnection, runId: string): Promise<RunStatusReport> {
  const run = await readRunRecord(conn, runId);
  const jobs: JobStatus[] = [];
  for (const { id, unit } of run.jobs) {
    const job = await Job.fromId(conn.queue, id);
    if (!job) {
      jobs.push({ job: id, unit, state: 'removed', attempts: 0 });
      continue;
    }
    const state = await job.getState();
    const r = job.returnvalue as UnitJobResult | null;
    const statuses = r?.outcomes?.map(([, o]) => o.summary.status) ?? [];
    const outcome = state === 'failed' ? 'error' : r ? (statuses.includes('cancelled') ? 'cancelled' : statuses.includes('error') ? 'error' : 'ok') : undefined;
    const error = state === 'failed' ? untagReason(job.failedReason).message : r?.outcomes?.map(([, o]) => o.summary.error?.message).find(Boolean);
    jobs.push({ job: id, unit, state, ...(job.processedBy ? { worker: job.processedBy } : {}), attempts: job.attemptsStarted, ...(outcome ? { outcome } : {}), ...(error ? { error } : {}) });
  }
  const counts: Record<string, number> = {};
  for (const j of jobs) counts[j.state] = (counts[j.state] ?? 0) + 1;
  return { run, jobs, counts };
}
