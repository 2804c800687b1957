/**
 * A queue worker: takes one job (one run unit) at a time, links the job's .pipe text itself with
 * the plugins installed here, runs just that unit against the shared cache, and relays every
 * event to the run's stream tagged with job, worker and attempt. One job at a time per process,
 * because tfjs is not reentrant across concurrent runs; more throughput = more processes.
 */
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { formatDiagnostic, hasErrors } from '../../dsl/diagnostics.js';
import { preparePipe, type Prepared } from '../session.js';
import { RunHistory } from '../history.js';
import { runUnit } from '../runner.js';
import type { PluginSource } from '../container.js';
import { connectRedis, redactUrl } from './connection.js';
import { QueueCodes, tagReason } from './codes.js';
import type { UnitJob, UnitJobResult } from './job.js';
import { cancelKey, DEFAULT_QUEUE, eventsKey, PREFIX } from './names.js';
import { StreamWriter } from './relay.js';
import { StageCache } from '../cache.js';

export interface WorkerOptions {
  url: string;
  queue?: string;
  name?: string;
  builtins: PluginSource[];
  /** Overrides the job's cache folder (when the shared filesystem is mounted elsewhere here). */
  cacheDir?: string;
  /** Overrides the job's home (history, plugin outputs). */
  home?: string;
  /** BullMQ lock: a job whose worker stops renewing it for this long is taken back. */
  lockMs?: number;
  stalledIntervalMs?: number;
  log?: (line: string) => void;
}

export interface WorkerHandle {
  name: string;
  /** Stops taking jobs; waits for the running one to finish. */
  close(): Promise<void>;
}

/** Thrown when a job cannot run on this worker; never retried, since every attempt would fail. */
class JobRefused extends UnrecoverableError {
  constructor(code: string, message: string) {
    super(tagReason(code, message));
  }
}

export async function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const queue = o.queue ?? DEFAULT_QUEUE;
  const log = o.log ?? (() => undefined);
  const redis = await connectRedis(o.url);
  const plans = new PlanMemo(o.builtins);

  // BullMQ does not close a connection it was given; close() below does.
  const forWorker = redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker<UnitJob, UnitJobResult>(queue, (job) => processJob(job, redis, name, queue, plans, o, log), {
    connection: forWorker,
    prefix: PREFIX,
    name,
    concurrency: 1,
    lockDuration: o.lockMs ?? 30000,
    stalledInterval: o.stalledIntervalMs ?? 30000,
    autorun: true,
  });
  worker.on('error', (e) => log(`worker ${name}: ${e.message}`));
  const finished = (job: Job<UnitJob> | undefined) => {
    if (job) new StreamWriter(redis, eventsKey(queue, job.data.runId)).write({ kind: 'finished', job: job.id! });
  };
  worker.on('completed', finished);
  worker.on('failed', (job, err) => {
    if (job) log(`✗ job ${job.id} ${job.data.unit}: ${err.message}`);
    finished(job);
  });
  await worker.waitUntilReady();
  log(`worker ${name} ready on ${redactUrl(o.url)}, queue '${queue}'`);
  return {
    name,
    close: async () => {
      await worker.close();
      forWorker.disconnect();
      redis.disconnect();
    },
  };
}

async function processJob(job: Job<UnitJob, UnitJobResult>, redis: Redis, name: string, queue: string, plans: PlanMemo, o: WorkerOptions, log: (l: string) => void): Promise<UnitJobResult> {
  const d = job.data;
  const t0 = Date.now();
  log(`▶ job ${job.id} ${d.unit} (run ${d.runId}, attempt ${job.attemptsStarted})`);
  const prep = await plans.get(d);
  const where = `worker ${name}`;
  if (!prep.plan || !prep.kernel) {
    const errs = prep.diagnostics.filter((x) => x.severity === 'error');
    const missing = errs.find((x) => x.code === 'PW2011');
    const why = missing ? `${formatDiagnostic(missing)} — every worker needs the same plugin paths (this one looked in ${prep.plan?.baseDir ?? d.file.replace(/[^/]*$/, '')})` : errs.slice(0, 3).map(formatDiagnostic).join('; ');
    throw new JobRefused(QueueCodes.jobFailed, `${where}: ${why}`);
  }
  const unit = prep.plan.units.find((u) => u.id === d.unit);
  if (!unit) throw new JobRefused(QueueCodes.jobFailed, `${where}: the file has no unit '${d.unit}' here`);
  for (const s of unit.stages) {
    if (d.keys[s.name] !== s.key) {
      throw new JobRefused(QueueCodes.planMismatch, `${where}: stage '${s.name}' links to another cache key than on ${d.submittedFrom} (here: ${s.plugin.id}@${s.plugin.version}); install the same plugin versions on every worker`);
    }
  }
  const writer = new StreamWriter(redis, eventsKey(queue, d.runId));
  const tags = { job: job.id!, worker: name, attempt: job.attemptsStarted };
  const ac = new AbortController();
  const stopPoll = pollCancel(redis, cancelKey(queue, d.runId), ac);
  try {
    const home = o.home ?? d.home;
    const outcomes = await runUnit(
      prep.plan,
      unit,
      { registry: prep.kernel.registry, cache: new StageCache(o.cacheDir ?? d.cacheDir), history: new RunHistory(home), noCache: d.noCache, outDir: home },
      d.runId,
      ac.signal,
      (event) => writer.write({ kind: 'event', event, ...tags }),
    );
    await writer.flush();
    const statuses = [...outcomes.values()].map((x) => x.summary.status);
    log(`${statuses.includes('error') ? '✗' : '✓'} job ${job.id} ${d.unit} ${statuses.includes('error') ? 'error' : 'done'} in ${Date.now() - t0} ms`);
    return { unit: d.unit, worker: name, outcomes: [...outcomes] };
  } finally {
    stopPoll();
  }
}

/** Watches the run's cancel flag while a unit runs (a GET every half second). */
function pollCancel(redis: Redis, key: string, ac: AbortController): () => void {
  const check = () =>
    redis.get(key).then(
      (v) => {
        if (v) ac.abort();
      },
      () => undefined,
    );
  void check();
  const timer = setInterval(check, 500);
  return () => clearInterval(timer);
}

/** Jobs of one run share their text: link it once per worker, not once per job. */
class PlanMemo {
  private readonly memo = new Map<string, Promise<Prepared>>();

  constructor(private readonly builtins: PluginSource[]) {}

  get(d: UnitJob): Promise<Prepared> {
    const key = createHash('sha256').update(`${d.file}\0${d.pipeline ?? ''}\0${d.text}`).digest('hex');
    let p = this.memo.get(key);
    if (!p) {
      p = preparePipe(d.file, { builtins: this.builtins, text: d.text, pipeline: d.pipeline });
      this.memo.set(key, p);
      if (this.memo.size > 8) this.memo.delete(this.memo.keys().next().value!);
    }
    return p.then((prep) => {
      // A failed link (a missing `use` path) may succeed later, once the path exists: do not keep it.
      if (hasErrors(prep.diagnostics)) this.memo.delete(key);
      return prep;
    });
  }
}
