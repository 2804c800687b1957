/**
 * Run history: the key material of each stage at its last run, so a re-run can say *why* a stage
 * runs again ("option lr changed: 0.1 → 0.01", "input 'model' changed") instead of just doing it.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, hashOf } from './canonical.js';
import type { KeyMaterial } from './plan.js';

export type HistoryRecord = Record<string, { key: string; material: KeyMaterial }>;

export class RunHistory {
  constructor(private readonly root: string) {}

  private path(file: string, unit: string): string {
    return join(this.root, 'history', `${hashOf({ file, unit }).slice(0, 24)}.json`);
  }

  async read(file: string, unit: string): Promise<HistoryRecord> {
    try {
      return JSON.parse(await readFile(this.path(file, unit), 'utf8')) as HistoryRecord;
    } catch {
      return {};
    }
  }

  async write(file: string, unit: string, rec: HistoryRecord): Promise<void> {
    const p = this.path(file, unit);
    await mkdir(join(this.root, 'history'), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(rec));
    await rename(tmp, p);
  }
}

const show = (v: unknown) => {
  const s = canonicalJson(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/** A one-line reason for re-running, from the previous and current key material. */
export function explainChange(prev: KeyMaterial | undefined, cur: KeyMaterial, changedInputs: string[]): string {
  if (!prev) return 'not in cache (first run)';
  if (prev.plugin !== cur.plugin) return `plugin changed: ${prev.plugin} → ${cur.plugin}`;
  const keys = new Set([...Object.keys(prev.config), ...Object.keys(cur.config)]);
  const diffs: string[] = [];
  for (const k of [...keys].sort()) {
    if (canonicalJson(prev.config[k]) !== canonicalJson(cur.config[k])) {
      diffs.push(`${k} ${show(prev.config[k])} → ${show(cur.config[k])}`);
    }
  }
  if (diffs.length) return `option${diffs.length > 1 ? 's' : ''} changed: ${diffs.join(', ')}`;
  if (prev.backend !== cur.backend) return `backend changed: ${prev.backend} → ${cur.backend}`;
  if (prev.seed !== cur.seed) return `seed changed: ${prev.seed} → ${cur.seed}`;
  if (changedInputs.length) return `upstream changed: ${changedInputs.map((s) => `'${s}'`).join(', ')}`;
  return 'cache entry missing (cleaned or never stored)';
}
