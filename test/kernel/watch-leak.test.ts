/**
 * Watch mode's promise: re-runs do not leak tensors. Drives the real watch engine with real
 * nn plugins on a tiny MNIST subset, changing an option between runs so stages really re-execute.
 */
import { Subject } from 'rxjs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { watchRuns } from '../../kernel/watch.js';
import { preparePipe } from '../../kernel/session.js';
import { startRun } from '../../kernel/runner.js';
import { StageCache } from '../../kernel/cache.js';
import { RunHistory } from '../../kernel/history.js';
import { builtinSources } from '../../plugins/builtin.js';
import { tempHome } from './run-helpers.js';

const pipe = (epochs: number, backend: string) => `pipeline leak {
  backend ${backend}
  seed 1
  data mnist { train: 256, test: 64 }
  model mlp { layers: [784, 16, 10] }
  train adam { epochs: ${epochs}, batch: 64 }
  evaluate report { }
}`;

describe.each(['wasm', 'cpu'])('watch re-runs on %s', (backend) => {
  it('keep tf.memory().numTensors flat', async () => {
    const home = await tempHome();
    const changes = new Subject<void>();
    let epochs = 1;
    const counts: number[] = [];
    const statuses: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = watchRuns(
        changes,
        async () => {
          const prep = await preparePipe(join(home, 'leak.pipe'), { builtins: builtinSources(), text: pipe(epochs, backend) });
          if (!prep.plan) throw new Error(prep.diagnostics.map((d) => d.message).join('\n'));
          const h = startRun(prep.plan, { registry: prep.kernel!.registry, cache: new StageCache(join(home, 'cache')), history: new RunHistory(home), outDir: home });
          return { cancel: () => h.cancel(), done: h.result };
        },
        5,
        reject,
      ).subscribe((r) => {
        statuses.push(r?.status ?? 'none');
        counts.push(tf.memory().numTensors);
        if (counts.length === 4) {
          sub.unsubscribe();
          resolve();
        } else {
          epochs = epochs === 1 ? 2 : 1; // alternate: train + evaluate re-run (or come from cache)
          changes.next();
        }
      });
    });
    expect(statuses).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[3]).toBe(counts[1]);
    await rm(home, { recursive: true, force: true });
  });
});
