import { Subject } from 'rxjs';
import { watchRuns } from '../../kernel/watch.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watch engine', () => {
  it('runs once at start, debounces bursts, and cancels a stale run before starting the next', async () => {
    const changes = new Subject<void>();
    const log: string[] = [];
    let n = 0;
    let active = 0;
    let maxActive = 0;
    const start = async () => {
      const id = ++n;
      let cancel!: () => void;
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${id}`);
      const done = new Promise<string>((resolve) => {
        const t = setTimeout(() => resolve(`done ${id}`), id === 2 ? 10_000 : 30);
        cancel = () => {
          clearTimeout(t);
          log.push(`cancel ${id}`);
          setTimeout(() => resolve(`cancelled ${id}`), 20); // unwinding takes a while
        };
      }).finally(() => active--);
      return { cancel, done };
    };
    const results: (string | undefined)[] = [];
    const sub = watchRuns(changes, start, 20).subscribe((r) => results.push(r));
    await tick(80);
    expect(results).toEqual(['done 1']);
    changes.next();
    changes.next();
    changes.next(); // one burst → one run
    await tick(80);
    expect(log).toEqual(['start 1', 'start 2']);
    changes.next(); // run 2 is long: this cancels it
    await tick(120);
    expect(log).toEqual(['start 1', 'start 2', 'cancel 2', 'start 3']);
    expect(results).toEqual(['done 1', 'done 3']);
    expect(maxActive).toBe(1); // never two runs at once
    sub.unsubscribe();
  });

  it('goes on watching after a run that throws', async () => {
    const changes = new Subject<void>();
    const errors: string[] = [];
    let n = 0;
    const results: (string | undefined)[] = [];
    const sub = watchRuns(
      changes,
      async () => {
        n++;
        if (n === 1) throw new Error('bad file');
        return { cancel: () => undefined, done: Promise.resolve(`ok ${n}`) };
      },
      10,
      (e) => errors.push((e as Error).message),
    ).subscribe((r) => results.push(r));
    await tick(30);
    changes.next();
    await tick(50);
    expect(errors).toEqual(['bad file']);
    expect(results).toEqual([undefined, 'ok 2']);
    sub.unsubscribe();
  });
});
