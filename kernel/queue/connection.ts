/**
 * Connecting to Redis: the URL is checked first (a clear usage error), then one PING with a short
 * connect timeout and no retries, so an unreachable server is reported within seconds and
 * naming the URL — nothing is enqueued before that. Only then are BullMQ objects made.
 */
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { DEFAULT_QUEUE, PREFIX } from './names.js';
import { QueueError } from './codes.js';

const CONNECT_TIMEOUT_MS = 3000;

/** The URL as users may see it: the password is never printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export function parseRedisUrl(raw: string | undefined): URL {
  const expected = 'expected redis://[USER:PASSWORD@]HOST:PORT[/DB]';
  if (!raw) throw new QueueError(`--redis is required: ${expected}`, 'usage');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new QueueError(`invalid --redis URL '${raw}': ${expected}`, 'usage');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueError(`invalid --redis URL '${redactUrl(raw)}': scheme must be redis:// or rediss://, ${expected}`, 'usage');
  if (!u.hostname) throw new QueueError(`invalid --redis URL '${redactUrl(raw)}': no host, ${expected}`, 'usage');
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new QueueError(`invalid --redis URL '${redactUrl(raw)}': database '${db}' must be a number`, 'usage');
  return u;
}

/** Connects and PINGs once; throws a QueueError naming the URL when Redis cannot be reached. */
export async function connectRedis(url: string, o: { timeoutMs?: number; blocking?: boolean } = {}): Promise<Redis> {
  parseRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: o.timeoutMs ?? CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: o.blocking ? null : 2,
    retryStrategy: () => null,
    // ioredis waits this long for a closing socket with a timer of its own; keep exits prompt.
    disconnectTimeout: 500,
  });
  let lastError: Error | undefined;
  client.on('error', (e: Error) => (lastError = e)); // the cause; connect() itself only says 'Connection is closed'
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    if (client.status !== 'end') client.disconnect();
    const err = (lastError ?? e) as NodeJS.ErrnoException;
    throw new QueueError(`cannot reach Redis at ${redactUrl(url)}: ${err.message || err.code || String(e)}`);
  }
  // Past the first contact, ride out short outages (a Redis restart) instead of failing at once.
  client.options.retryStrategy = (times: number) => (times > 20 ? null : Math.min(200 * times, 2000));
  return client;
}

/** A checked connection and the BullMQ queue on it; what submitters and `status` use. */
export class QueueConnection {
  private extra: Redis[] = [];

  private constructor(
    readonly url: string,
    readonly queueName: string,
    readonly redis: Redis,
    readonly queue: Queue,
  ) {}

  static async open(url: string, queueName = DEFAULT_QUEUE): Promise<QueueConnection> {
    const redis = await connectRedis(url);
    // BullMQ does not close a connection it was given: this class does (see close()).
    const forQueue = redis.duplicate();
    const queue = new Queue(queueName, { connection: forQueue, prefix: PREFIX });
    queue.on('error', () => undefined); // connection trouble surfaces in our own commands
    const conn = new QueueConnection(url, queueName, redis, queue);
    conn.extra.push(forQueue);
    return conn;
  }

  /** A dedicated connection for blocking reads (XREAD BLOCK holds its connection). */
  blockingClient(): Redis {
    const c = this.redis.duplicate({ maxRetriesPerRequest: null });
    c.on('error', () => undefined);
    this.extra.push(c);
    return c;
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    for (const c of [...this.extra, this.redis]) c.disconnect();
  }
}
