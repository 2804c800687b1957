/**
 * Watch mode's engine: file changes → debounce → run, where a newer change cancels the run in
 * progress (switchMap) and the next run starts only once the cancelled one has unwound, so two runs
 * never share the tensor backend at once. Re-running "only from the first changed stage" needs
 * nothing here: unchanged stages have unchanged keys and come from the cache.
 */
import { Observable, debounceTime, startWith, switchMap, type Subscription } from 'rxjs';

export interface Startable<R> {
  cancel(): void;
  done: Promise<R>;
}

export function watchRuns<R>(
  changes$: Observable<unknown>,
  start: () => Promise<Startable<R> | undefined>,
  debounceMs = 200,
  onError: (e: unknown) => void = () => undefined,
): Observable<R | undefined> {
  let previous: Promise<unknown> = Promise.resolve();
  return changes$.pipe(
    debounceTime(debounceMs),
    startWith(undefined),
    switchMap(
      () =>
        new Observable<R | undefined>((sub) => {
          let closed = false;
          let finished = false;
          let current: Startable<R> | undefined;
          const p = previous.then(async () => {
            if (closed) return;
            current = await start();
            if (closed) current?.cancel();
            const r = current ? await current.done : undefined;
            finished = true;
            if (!closed) {
              sub.next(r);
              sub.complete();
            }
          });
          // An unexpected failure is reported and watching goes on.
          previous = p.catch((e: unknown) => {
            onError(e);
            if (!closed) {
              sub.next(undefined);
              sub.complete();
            }
          });
          return () => {
            closed = true;
            if (!finished) current?.cancel();
          };
        }),
    ),
  );
}

export type { Subscription };
