/** Runs a .pipe text through the whole kernel with the toy plugins, collecting every event. */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { lastValueFrom, toArray } from 'rxjs';
import { preparePipe } from '../../kernel/session.js';
import { startRun, type RunHandle } from '../../kernel/runner.js';
import { StageCache } from '../../kernel/cache.js';
import { RunHistory } from '../../kernel/history.js';
import type { RunEvent } from '../../kernel/events.js';
import type { PluginSource } from '../../kernel/container.js';
import { toySources } from './toy-plugins.js';

export async function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'pw-home-'));
}

export async function runText(text: string, home: string, o: { noCache?: boolean; sources?: PluginSource[]; onStart?: (h: RunHandle) => void } = {}) {
  const prep = await preparePipe(join(home, 't.pipe'), { builtins: o.sources ?? toySources, text });
  if (!prep.plan) throw new Error(prep.diagnostics.map((d) => d.message).join('\n'));
  const handle = startRun(prep.plan, { registry: prep.kernel!.registry, cache: new StageCache(join(home, 'cache')), history: new RunHistory(home), noCache: o.noCache, outDir: home, progressIntervalMs: 0 });
  o.onStart?.(handle);
  const events = await lastValueFrom(handle.events$.pipe(toArray()));
  const result = await handle.result;
  return { events, result, end: events[events.length - 1] as Extract<RunEvent, { type: 'run:end' }> };
}

export const byType = <T extends RunEvent['type']>(events: RunEvent[], t: T) => events.filter((e) => e.type === t) as Extract<RunEvent, { type: T }>[];
