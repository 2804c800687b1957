/**
 * `pipewright worker --redis URL [--concurrency N]`: takes run units from the queue until
 * stopped (Ctrl-C / SIGTERM: the running unit finishes first; a second signal quits at once).
 * Concurrency N means N worker processes, one unit each at a time (tfjs is not reentrant).
 */
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { loadPluginModules, parseRedisUrl, QueueError, startWorker, superviseWorkers, connectRedis, type WorkerHandle } from '../../kernel/queue/index.js';
import type { PluginSource } from '../../kernel/container.js';

/** The part of cli/io.ts's Io a worker uses (kept structural so a test entry can pass its own). */
export interface WorkerIo {
  err: (s: string) => void;
  builtins: () => PluginSource[];
}

export interface WorkerFlags {
  redis?: string;
  concurrency?: string;
  name?: string;
  queue?: string;
  home?: string;
  cache?: string;
  plugins?: string;
  lockMs?: string;
  stalledMs?: string;
}

/** Adds the `worker` subcommand; `self` is how to start this program again (for child workers). */
export function defineWorkerCommand(program: Command, io: WorkerIo, set: (p: Promise<number>) => Promise<void>, self: string[] = [process.argv[1]!]): void {
  program
    .command('worker')
    .option('--redis <url>', 'Redis that the submitters use, redis://HOST:PORT')
    .option('--concurrency <n>', 'worker processes, each running one unit at a time (default 1)')
    .option('--name <name>', 'worker name shown in events and status (default HOST:PID)')
    .option('--queue <name>', 'queue name (default pipewright)')
    .option('--home <dir>', "use this folder instead of the job's home (history, outputs)")
    .option('--cache <dir>', "use this cache folder instead of the job's (where the shared cache is mounted here)")
    .option('--plugins <modules>', 'extra plugin modules or packages, comma-separated')
    .option('--lock-ms <ms>', 'job lock: a worker silent this long loses its job to another (default 30000)')
    .option('--stalled-ms <ms>', 'how often to look for jobs of lost workers (default 30000)')
    .description('run queued units for `run --executor queue`')
    .action((o: WorkerFlags) => set(workerCommand(o, io, self)));
}

const int = (v: string | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new QueueError(`--${name} must be an integer >= ${min}, got '${v}'`, 'usage');
  return n;
};

export async function workerCommand(flags: WorkerFlags, io: WorkerIo, self: string[]): Promise<number> {
  let concurrency: number;
  let lockMs: number | undefined;
  let stalledMs: number | undefined;
  let plugins;
  try {
    parseRedisUrl(flags.redis);
    concurrency = int(flags.concurrency, 'concurrency', 1) ?? 1;
    lockMs = int(flags.lockMs, 'lock-ms', 100);
    stalledMs = int(flags.stalledMs, 'stalled-ms', 100);
    plugins = await loadPluginModules(flags.plugins);
    // Checked here too, so a group of child workers fails once, with one clear line.
    (await connectRedis(flags.redis!)).disconnect();
  } catch (e) {
    if (!(e instanceof QueueError)) throw e;
    io.err(`pipewright worker: ${e.message}\n`);
    return e.kind === 'usage' ? 2 : 1;
  }
  const log = (l: string) => io.err(`${l}\n`);
  const name = flags.name ?? `${hostname()}:${process.pid}`;
  if (concurrency > 1) {
    const pass = (['queue', 'home', 'cache', 'plugins', 'lockMs', 'stalledMs'] as const).flatMap((k) => (flags[k] !== undefined ? [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, flags[k]!] : []));
    const group = superviseWorkers(concurrency, (i) => [...self, 'worker', '--redis', flags.redis!, '--name', `${name}/${i}`, ...pass], log);
    return untilSignal(() => group.stop(), group.done, log);
  }
  const worker: WorkerHandle = await startWorker({ url: flags.redis!, queue: flags.queue, name, builtins: [...io.builtins(), ...plugins], cacheDir: flags.cache, home: flags.home, lockMs, stalledIntervalMs: stalledMs, log });
  return untilSignal(() => worker.close(), new Promise<number>(() => undefined), log);
}

/** Runs until SIGINT/SIGTERM, then stops gracefully; a second signal exits at once. */
function untilSignal(stop: () => Promise<void>, done: Promise<number>, log: (l: string) => void): Promise<number> {
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = () => {
      if (++signals > 1) process.exit(130);
      log('pipewright worker: stopping after the running unit (signal again to quit now)');
      void stop().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void done.then((code) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    });
  });
}
