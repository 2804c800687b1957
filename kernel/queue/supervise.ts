/**
 * `worker --concurrency N`: N worker processes, each taking one job at a time (tfjs is not
 * reentrant, so parallel units need separate processes). A child that dies is restarted; one
 * that keeps dying at once (a bad setting) stops the whole group rather than looping forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SupervisorHandle {
  /** Asks every child to finish its job and exit (SIGTERM), and waits for them. */
  stop(): Promise<void>;
  /** Settles when every child is gone: 0 after stop(), 1 if the group gave up. */
  done: Promise<number>;
  pids(): number[];
}

const QUICK_DEATH_MS = 5000;
const MAX_QUICK_DEATHS = 3;

export function superviseWorkers(n: number, argsFor: (i: number) => string[], log: (line: string) => void): SupervisorHandle {
  const children = new Map<number, ChildProcess>();
  let stopping = false;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  const quickDeaths = new Array<number>(n).fill(0);
  let exitCode = 0;

  const launch = (i: number) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...process.execArgv, ...argsFor(i)], { stdio: ['ignore', 'inherit', 'inherit'] });
    children.set(i, child);
    child.on('exit', (code, signal) => {
      children.delete(i);
      if (!stopping) {
        quickDeaths[i] = Date.now() - started < QUICK_DEATH_MS ? quickDeaths[i]! + 1 : 0;
        if (quickDeaths[i]! >= MAX_QUICK_DEATHS) {
          log(`worker process ${i} exited ${MAX_QUICK_DEATHS} times right after starting (last: ${signal ?? `code ${code}`}); stopping`);
          exitCode = 1;
          void stop();
        } else {
          log(`worker process ${i} exited (${signal ?? `code ${code}`}); restarting`);
          setTimeout(() => !stopping && launch(i), 1000);
        }
      }
      if (stopping && children.size === 0) resolveDone(exitCode);
    });
  };

  const stop = async () => {
    stopping = true;
    if (children.size === 0) resolveDone(exitCode);
    for (const c of children.values()) c.kill('SIGTERM');
    await done;
  };

  for (let i = 0; i < n; i++) launch(i);
  return { stop, done, pids: () => [...children.values()].map((c) => c.pid!).filter(Boolean) };
}
