/**
 * Stage cache keys: sha256 over the plugin id@version, the canonical config, backend, seed and the
 * keys of the stage's inputs — so a change anywhere upstream changes every key below it.
 */
import { hashOf } from './canonical.js';
import type { KeyMaterial } from './plan.js';

export const KEY_FORMAT = 1;

export function stageKey(m: KeyMaterial): string {
  return hashOf({ format: KEY_FORMAT, ...m });
}
