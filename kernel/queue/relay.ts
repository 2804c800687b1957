/**
 * A run's event stream: one Redis stream per run (XADD by the submitter and the workers, XREAD
 * by whoever follows the run). A stream, not pub/sub, because it is persistent and ordered: a
 * follower that starts late or re-attaches after a crash replays the run from its first entry.
 */
import type { Redis } from 'ioredis';
import type { StreamEntry } from './job.js';

/** Generous cap: progress events are throttled per stage, so a run rarely has more than a few thousand. */
const MAX_LEN = 200000;

export class StreamWriter {
  private pending = new Set<Promise<unknown>>();
  private failure: Error | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  /** Queues one entry; ioredis keeps commands on a connection in order, so entries stay ordered. */
  write(entry: StreamEntry): void {
    const p: Promise<unknown> = this.redis
      .xadd(this.key, 'MAXLEN', '~', String(MAX_LEN), '*', 'e', JSON.stringify(entry))
      .catch((e: Error) => {
        this.failure ??= e;
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits until every entry is in Redis; throws if one could not be written. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.failure) throw new Error(`could not relay events to Redis: ${this.failure.message}`);
  }
}

export interface ReadBatch {
  lastId: string;
  entries: StreamEntry[];
}

/** Reads entries after `lastId`; with `blockMs`, waits up to that long for the first one. */
export async function readStream(redis: Redis, key: string, lastId: string, blockMs?: number): Promise<ReadBatch> {
  const args: (string | number)[] = ['COUNT', 1000];
  if (blockMs !== undefined) args.push('BLOCK', blockMs);
  const res = (await (redis.xread as (...a: (string | number)[]) => Promise<[string, [string, string[]][]][] | null>)(...args, 'STREAMS', key, lastId)) ?? [];
  const entries: StreamEntry[] = [];
  let last = lastId;
  for (const [, items] of res) {
    for (const [id, fields] of items) {
      last = id;
      const i = fields.indexOf('e');
      if (i >= 0 && fields[i + 1] !== undefined) entries.push(JSON.parse(fields[i + 1]!) as StreamEntry);
    }
  }
  return { lastId: last, entries };
}
