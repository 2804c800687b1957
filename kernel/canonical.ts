/**
 * Canonical JSON (sorted keys, no whitespace, -0 → 0) and hashing, so a cache key depends on what
 * a config means and not on how the .pipe file spelled or ordered it.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(Object.is(v, -0) ? 0 : v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (ArrayBuffer.isView(v)) {
    return `{"$typed":${JSON.stringify(v.constructor.name)},"sha256":"${sha256(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}"}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new Error(`cannot hash a value of type ${typeof v}`);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hashOf(v: unknown): string {
  return sha256(canonicalJson(v));
}
