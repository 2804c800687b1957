import { mkdtemp, readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { StageCache } from '../../kernel/cache.js';

const meta = { pluginId: 'train/adam', pluginVersion: '1.0.0', stage: 'train', metrics: { loss: 0.5 }, series: {}, figures: [], durationMs: 10 };
const key = 'ab'.repeat(32);

describe('stage cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-cache-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores atomically and loads back what was stored', async () => {
    const c = new StageCache(dir);
    expect(await c.lookup(key)).toEqual({ hit: false, reason: 'missing' });
    await c.store(key, meta, { w: new Float32Array([1, 2, 3]) });
    const l = await c.lookup(key);
    expect(l.hit).toBe(true);
    expect(l.hit && l.meta.metrics).toEqual({ loss: 0.5 });
    const out = (await c.load(key)) as { w: Float32Array };
    expect(Array.from(out.w)).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]); // no temp leftovers
  });

  it('detects a corrupted artifact, removes the entry and reports a miss', async () => {
    const c = new StageCache(dir);
    await c.store(key, meta, { w: new Float32Array([1, 2, 3]) });
    const bin = join(dir, 'entries', key.slice(0, 2), key, 'artifact.bin');
    const bytes = await readFile(bin);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(bin, bytes);
    const l = await c.lookup(key);
    expect(l).toMatchObject({ hit: false, reason: 'corrupt' });
    expect(await c.lookup(key)).toEqual({ hit: false, reason: 'missing' });
  });

  it('treats unreadable meta as corrupt', async () => {
    const c = new StageCache(dir);
    await c.store(key, meta, { a: 1 });
    await writeFile(join(dir, 'entries', key.slice(0, 2), key, 'meta.json'), '{"key": "trunc');
    expect(await c.lookup(key)).toMatchObject({ hit: false, reason: 'corrupt' });
  });

  it('clean() removes every entry', async () => {
    const c = new StageCache(dir);
    await c.store(key, meta, 1);
    await c.store('cd'.repeat(32), meta, 2);
    expect(await c.clean()).toBe(2);
    expect((await c.lookup(key)).hit).toBe(false);
  });
});

describe('stage cache under concurrent writers', () => {
  it('two stores of one key at once both succeed and leave one sound entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-cache-race-'));
    const a = new StageCache(dir);
    const b = new StageCache(dir);
    const value = { w: new Float32Array(50_000).fill(1.5) };
    await Promise.all([a.store(key, meta, value), b.store(key, meta, value), a.store(key, meta, value)]);
    const l = await a.lookup(key);
    expect(l.hit).toBe(true);
    expect(((await b.load(key)) as { w: Float32Array }).w[49_999]).toBe(1.5);
    await rm(dir, { recursive: true, force: true });
  });
});
