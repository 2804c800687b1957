/**
 * `pipewright watch` end to end, in-process: first run, a save triggers a re-run that executes
 * only from the changed stage, a syntax error is shown and watching goes on, Ctrl-C stops cleanly.
 */
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { watchCommand } from '../../cli/commands/watch.js';
import type { Io } from '../../cli/io.js';
import { toySources } from '../kernel/toy-plugins.js';

const text = (epochs: number) => `pipeline p {
  data toy { n: 3 }
  model toy { scale: 2 }
  train toy { epochs: ${epochs} }
  evaluate toy { }
}
`;

async function until(cond: () => boolean, ms = 15000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('pipewright watch', () => {
  it('re-runs on save from the changed stage, survives a syntax error, stops on Ctrl-C', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-watch-'));
    const file = join(dir, 'w.pipe');
    await writeFile(file, text(2));
    let out = '';
    let err = '';
    const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false, builtins: () => toySources };
    const events = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; stage?: string; status?: string });
    const done = watchCommand(file, { json: true, home: join(dir, '.pw'), debounce: 50 }, io);
    await until(() => events().filter((e) => e.type === 'run:end').length === 1);
    await new Promise((r) => setTimeout(r, 300)); // let the watcher settle before editing
    out = '';
    await writeFile(file, text(3));
    await until(() => events().some((e) => e.type === 'run:end'));
    const started = events().filter((e) => e.type === 'stage:start').map((e) => e.stage);
    expect(started).toEqual(['data', 'train', 'evaluate']); // model came from the cache
    expect(events().at(-1)!.status).toBe('ok');
    out = '';
    await writeFile(file, text(3).replace('train toy', 'train toy {'));
    await until(() => events().some((e) => e.type === 'diagnostic'));
    out = '';
    await writeFile(file, text(4));
    await until(() => events().some((e) => e.type === 'run:end'));
    expect(events().at(-1)!.status).toBe('ok');
    process.emit('SIGINT');
    await expect(done).resolves.toBe(0);
    expect(err).toBe('');
    await rm(dir, { recursive: true, force: true });
  });
});
