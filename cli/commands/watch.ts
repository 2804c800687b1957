/**
 * `pipewright watch FILE`: run, then re-run on every save (debounced). Errors — syntax or runtime —
 * are shown and watching goes on; Ctrl-C cancels the run in progress and exits cleanly.
 */
import { Subject } from 'rxjs';
import chokidar from 'chokidar';
import { preparePipe } from '../../kernel/session.js';
import { hasErrors } from '../../dsl/diagnostics.js';
import { watchRuns } from '../../kernel/watch.js';
import { printDiagnostics, type Io, colors } from '../io.js';
import { launch, type RunFlags } from './run.js';

export async function watchCommand(file: string, flags: RunFlags & { debounce?: number }, io: Io): Promise<number> {
  const pc = colors(io);
  const changes$ = new Subject<string>();
  const watcher = chokidar.watch(file, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 } });
  watcher.on('change', (p) => changes$.next(p));
  watcher.on('add', (p) => changes$.next(p));
  const runs$ = watchRuns(changes$, async () => {
    const prep = await preparePipe(file, { builtins: io.builtins(), pipeline: flags.pipeline });
    if (hasErrors(prep.diagnostics) || !prep.plan || !prep.kernel) {
      printDiagnostics(io, prep.diagnostics, !!flags.json);
      if (!flags.json) io.err(pc.dim('waiting for changes…\n'));
      return undefined;
    }
    const { handle, done } = launch(prep.plan, prep.kernel.registry, flags, io);
    return { cancel: () => handle.cancel(), done };
  }, flags.debounce ?? 200, (e) => io.err(`pipewright: ${(e as Error).message}\n`));
  return new Promise<number>((resolve) => {
    const sub = runs$.subscribe({
      next: () => {
        if (!flags.json) io.err(pc.dim(`watching ${file} — save to re-run, Ctrl-C to stop\n`));
      },
      error: (e: unknown) => io.err(`pipewright: ${(e as Error).message}\n`),
    });
    const stop = () => {
      process.off('SIGINT', stop);
      sub.unsubscribe();
      void watcher.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
  });
}
