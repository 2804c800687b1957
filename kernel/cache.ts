/**
 * The content-addressed stage cache. An entry is a folder named by the stage key holding the
 * encoded artifact and a meta.json (metrics, result, figures, the artifact's sha256). Entries are
 * built in a temp folder and renamed into place, so a crash or Ctrl-C never leaves a half-written
 * entry; on lookup the artifact's checksum is verified and a corrupt entry is removed and reported
 * as a miss, never trusted.
 */
import { mkdir, readFile, rename, rm, writeFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeArtifact, encodeArtifact } from './artifact-codec.js';
import { sha256 } from './canonical.js';
import type { JsonValue } from './plugin.js';

export interface SeriesPoint {
  step: number;
  value: number;
}

export interface CacheMeta {
  key: string;
  pluginId: string;
  pluginVersion: string;
  stage: string;
  metrics: Record<string, number>;
  series: Record<string, SeriesPoint[]>;
  /** What a series' step counts, where the stage said (`epoch`, `t`); absent means `step`. */
  axes?: Record<string, string>;
  figures: { title: string; svg: string }[];
  /** Report paths the stage asked for; honoured again when it comes from the cache. */
  reports?: string[];
  result?: JsonValue;
  durationMs: number;
  createdAt: string;
  artifactSha256: string;
  artifactBytes: number;
}

export type Lookup =
  | { hit: true; meta: CacheMeta }
  | { hit: false; reason: 'missing' | 'corrupt'; detail?: string };

export class StageCache {
  constructor(readonly root: string) {}

  private dir(key: string): string {
    return join(this.root, 'entries', key.slice(0, 2), key);
  }

  /** Checks an entry fully (meta parses, artifact checksum matches); removes it when corrupt. */
  async lookup(key: string): Promise<Lookup> {
    const dir = this.dir(key);
    let metaText: string;
    try {
      metaText = await readFile(join(dir, 'meta.json'), 'utf8');
    } catch {
      return { hit: false, reason: 'missing' };
    }
    try {
      const meta = JSON.parse(metaText) as CacheMeta;
      if (meta.key !== key) throw new Error('key mismatch');
      const bin = await readFile(join(dir, 'artifact.bin'));
      if (bin.length !== meta.artifactBytes || sha256(bin) !== meta.artifactSha256) {
        throw new Error('artifact checksum mismatch');
      }
      return { hit: true, meta };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      return { hit: false, reason: 'corrupt', detail: (e as Error).message };
    }
  }

  /** Loads the artifact of an entry already verified by `lookup` (re-verified: it may have changed). */
  async load(key: string): Promise<unknown> {
    const dir = this.dir(key);
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
    const bin = await readFile(join(dir, 'artifact.bin'));
    if (sha256(bin) !== meta.artifactSha256) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`cache entry ${key.slice(0, 12)} is corrupt`);
    }
    return decodeArtifact(bin);
  }

  async store(
    key: string,
    meta: Omit<CacheMeta, 'key' | 'artifactSha256' | 'artifactBytes' | 'createdAt'>,
    output: unknown,
  ): Promise<void> {
    const bin = encodeArtifact(output);
    const full: CacheMeta = {
      ...meta,
      key,
      artifactSha256: sha256(bin),
      artifactBytes: bin.length,
      createdAt: new Date().toISOString(),
    };
    const tmp = join(this.root, 'tmp', `${key}.${process.pid}.${randomBytes(4).toString('hex')}`);
    await mkdir(tmp, { recursive: true });
    try {
      await writeFile(join(tmp, 'artifact.bin'), bin);
      await writeFile(join(tmp, 'meta.json'), JSON.stringify(full));
      const dest = this.dir(key);
      await mkdir(join(dest, '..'), { recursive: true });
      await this.place(tmp, dest, key);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * Renames a finished entry into place. Entries are content-addressed, so when another process
   * stored the same key first its entry is equal to ours: keep it (never remove an entry a reader
   * may be using), unless it is unsound, in which case it is replaced.
   */
  private async place(tmp: string, dest: string, key: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(tmp, dest);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (!['ENOTEMPTY', 'EEXIST', 'EBUSY'].includes(code) || attempt > 0) throw e;
        if ((await this.lookup(key)).hit) return; // lookup removes an unsound entry; then retry
      }
    }
  }

  /** Removes every entry (and stray temp folders); returns how many entries there were. */
  async clean(): Promise<number> {
    let n = 0;
    try {
      for (const shard of await readdir(join(this.root, 'entries'))) {
        n += (await readdir(join(this.root, 'entries', shard))).length;
      }
    } catch {
      /* no cache yet */
    }
    await rm(join(this.root, 'entries'), { recursive: true, force: true });
    await rm(join(this.root, 'tmp'), { recursive: true, force: true });
    return n;
  }

  async exists(): Promise<boolean> {
    return stat(this.root).then(
      () => true,
      () => false,
    );
  }
}
