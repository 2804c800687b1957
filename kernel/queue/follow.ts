/**
 * Following a run: replays its event stream from the first entry (so a fresh submitter and one
 * re-attaching after a crash see the same thing), tags each relayed event with its job, worker
 * and attempt, and ends with the same `run:end` as the local runner. A unit's result is taken
 * only from its job's final state in BullMQ — once — so a retried job is never counted twice;
 * events of an attempt that was superseded by a later one are dropped.
 */
import { ReplaySubject } from 'rxjs';
import { Job } from 'bullmq';
import type { RunEvent, RunStartEvent, UnitSummary } from '../events.js';
import { endRun, unitSummary, type RunHandle, type RunResult, type StageOutcome } from '../runner.js';
import type { QueueConnection } from './connection.js';
import { redactUrl } from './connection.js';
import { QueueCodes, QueueError, untagReason } from './codes.js';
import type { JobTags, QueuedRunEvent, RunRecord, StreamEntry, UnitJobResult } from './job.js';
import { eventsKey } from './names.js';
import { readStream } from './relay.js';
import { cancelRun, readRunRecord } from './submit.js';

export interface FollowOptions {
  /** Where the HTML report goes (default: the path the submitter recorded). */
  defaultReport?: string;
  /** Lines for people that are not events: retries, where an error happened. */
  onNotice?: (line: string) => void;
}

/** Per unit, in run:end: which job ran it, where, and how many attempts it took. */
export type QueuedUnitSummary = UnitSummary & { job: string; worker?: string; attempts: number };

type StartUnit = RunStartEvent['units'][number];

export function followRun(conn: QueueConnection, runId: string, o: FollowOptions = {}): RunHandle {
  const subject = new ReplaySubject<RunEvent>();
  let cancelled = false;
  const result = new Follower(conn, runId, o, (e) => subject.next(e), () => cancelled).run().finally(() => subject.complete());
  return {
    runId,
    events$: subject.asObservable(),
    result,
    cancel: () => {
      cancelled = true;
      void cancelRun(conn, runId).catch(() => undefined);
    },
  };
}

class Follower {
  private readonly reader;
  private lastId = '0';
  private start: RunStartEvent | undefined;
  private readonly pending = new Map<string, string>();
  private readonly done = new Map<string, { outcomes: Map<string, StageOutcome>; job: string; worker?: string; attempts: number }>();
  private readonly latest = new Map<string, { attempt: number; worker: string }>();
  private readonly unitsStarted = new Set<string>();
  private lastFinish = 0;

  constructor(
    private readonly conn: QueueConnection,
    private readonly runId: string,
    private readonly o: FollowOptions,
    private readonly emit: (e: QueuedRunEvent) => void,
    private readonly cancelled: () => boolean,
  ) {
    this.reader = conn.blockingClient();
  }

  async run(): Promise<RunResult> {
    const rec = await readRunRecord(this.conn, this.runId);
    for (const j of rec.jobs) this.pending.set(j.id, j.unit);
    try {
      let checkAt = 0;
      while (this.pending.size) {
        const hinted = await this.read(500);
        if (hinted || Date.now() >= checkAt) {
          await this.checkJobs();
          checkAt = Date.now() + 1000;
        }
      }
      await this.drain();
    } catch (e) {
      if (e instanceof QueueError) throw e;
      throw new QueueError(`lost Redis at ${redactUrl(this.conn.url)} while following run ${this.runId}: ${(e as Error).message} (the run goes on; re-attach with: pipewright status ${this.runId} --redis URL --follow)`);
    }
    return this.finish(rec);
  }

  /** Reads what the stream holds; returns whether a job announced its end. */
  private async read(blockMs?: number): Promise<boolean> {
    const b = await readStream(this.reader, eventsKey(this.conn.queueName, this.runId), this.lastId, blockMs);
    this.lastId = b.lastId;
    let hinted = false;
    for (const en of b.entries) hinted = this.handle(en) || hinted;
    return hinted;
  }

  private async drain(): Promise<void> {
    let before;
    do {
      before = this.lastId;
      await this.read();
    } while (this.lastId !== before);
  }

  private handle(en: StreamEntry): boolean {
    if (en.kind === 'finished') return true;
    if (en.kind === 'start') {
      this.start ??= en.event;
      this.emit(en.event);
      return false;
    }
    const prev = this.latest.get(en.job);
    if (prev && en.attempt < prev.attempt) return false; // a superseded attempt still talking
    if (prev && en.attempt > prev.attempt) {
      this.o.onNotice?.(`pipewright: unit ${this.pending.get(en.job) ?? en.job}: job ${en.job} restarted on worker ${en.worker} (attempt ${en.attempt}); attempt ${prev.attempt} on ${prev.worker} was lost`);
    }
    this.latest.set(en.job, { attempt: en.attempt, worker: en.worker });
    if (en.event.type === 'unit:start') this.unitsStarted.add(en.event.unit);
    if (en.event.type === 'stage:error') this.o.onNotice?.(`pipewright: ${en.event.unit}/${en.event.stage} failed in job ${en.job} on worker ${en.worker} (attempt ${en.attempt})`);
    this.emit({ ...en.event, job: en.job, worker: en.worker, attempt: en.attempt });
    return false;
  }

  /** Settles jobs that reached a final state; their remaining events are read first. */
  private async checkJobs(): Promise<void> {
    const finals: { id: string; job: Job | undefined; state: string }[] = [];
    for (const id of this.pending.keys()) {
      const seen = await Job.fromId(this.conn.queue, id);
      const state = seen ? await seen.getState() : 'removed';
      if (state === 'completed' || state === 'failed' || state === 'removed' || state === 'unknown') {
        // Read the job again: `seen` may predate the move to its final state (a job that failed
        // between the two reads would show no failedReason and no return value).
        const job = seen ? ((await Job.fromId(this.conn.queue, id)) ?? seen) : undefined;
        finals.push({ id, job, state });
      }
    }
    if (!finals.length) return;
    await this.drain();
    for (const { id, job, state } of finals) {
      const unit = this.pending.get(id)!;
      this.pending.delete(id);
      if (job?.finishedOn) this.lastFinish = Math.max(this.lastFinish, job.finishedOn);
      const attempts = job?.attemptsStarted ?? 0;
      const worker = job?.processedBy;
      const r = job?.returnvalue as UnitJobResult | null | undefined;
      if (state === 'completed' && r && Array.isArray(r.outcomes)) {
        this.done.set(unit, { outcomes: new Map(r.outcomes), job: id, worker: r.worker, attempts });
      } else if (state === 'failed') {
        const { code, message } = untagReason(job?.failedReason || 'unknown failure');
        const text = code ? message : `job ${id} failed on worker ${worker ?? '?'} after ${attempts} attempt(s): ${message}`;
        this.done.set(unit, { outcomes: this.synthesize(unit, { job: id, worker: worker ?? '?', attempt: attempts }, 'error', code ?? QueueCodes.jobFailed, text), job: id, worker, attempts });
      } else {
        // Removed before it ran: the run was cancelled.
        this.done.set(unit, { outcomes: this.synthesize(unit, { job: id, worker: worker ?? '-', attempt: attempts }, 'cancelled'), job: id, worker, attempts });
      }
    }
  }

  /** Events and outcomes for a unit that never produced its own (failed or removed job). */
  private synthesize(unitId: string, tags: JobTags, status: 'error' | 'cancelled', code?: string, message?: string): Map<string, StageOutcome> {
    const u: StartUnit | undefined = this.start?.units.find((x) => x.id === unitId);
    const out = new Map<string, StageOutcome>();
    if (!u) return out;
    const base = { runId: this.runId, unit: unitId, ...tags };
    if (!this.unitsStarted.has(unitId)) this.emit({ type: 'unit:start', time: Date.now(), runId: this.runId, unit: unitId, backend: u.backend, ...tags });
    u.stages.forEach((s, i) => {
      const st = status === 'cancelled' ? 'cancelled' : i === 0 ? 'error' : 'skipped';
      const error = st === 'error' ? { code: code!, message: message!, job: tags.job, worker: tags.worker } : undefined;
      if (error) {
        this.emit({ type: 'stage:error', time: Date.now(), ...base, stage: s.name, plugin: s.plugin, code: error.code, message: error.message });
        this.o.onNotice?.(`pipewright: ${unitId}: ${error.message}`);
      }
      this.emit({ type: 'stage:end', time: Date.now(), ...base, stage: s.name, plugin: s.plugin, status: st, metrics: {}, durationMs: 0 });
      out.set(s.name, { summary: { status: st, plugin: s.plugin, metrics: {}, durationMs: 0, ...(error ? { error } : {}) }, record: { metrics: {}, series: {}, figures: [], reports: [] } });
    });
    return out;
  }

  private finish(rec: RunRecord): RunResult {
    if (!this.start) throw new QueueError(`run ${this.runId}: its event stream is gone (expired or deleted)`, 'unknown-run');
    const units: QueuedUnitSummary[] = [];
    const records = new Map<string, Map<string, StageOutcome>>();
    for (const u of this.start.units) {
      const d = this.done.get(u.id);
      const outcomes = d?.outcomes ?? new Map<string, StageOutcome>();
      for (const o of outcomes.values()) if (o.summary.error && d) Object.assign(o.summary.error, { job: d.job, worker: d.worker });
      records.set(u.id, outcomes);
      units.push({ ...unitSummary({ id: u.id, pipeline: u.pipeline, params: u.params }, outcomes), job: d?.job ?? '', ...(d?.worker ? { worker: d.worker } : {}), attempts: d?.attempts ?? 0 });
    }
    // A run followed after it ended lasted until its last job finished, not until now.
    const t0 = this.lastFinish ? Date.now() - (this.lastFinish - this.start.time) : this.start.time;
    const { event, result } = endRun(this.runId, t0, units, records, { aborted: this.cancelled(), defaultReport: this.o.defaultReport ?? rec.defaultReport });
    this.emit(event);
    return result;
  }
}
