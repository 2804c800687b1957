/**
 * Every plugin and backend that ships with pipewright, grouped by area; the kernel loads each
 * group as one Inversify module, exactly as it loads a third-party package named by `use`.
 */
import type { PluginSource } from '../kernel/container.js';
import { backends } from './backends/index.js';
import { plugins as nn } from './nn/index.js';
import { plugins as bayesnet } from './bayesnet/index.js';
import { plugins as kinetic } from './kinetic/index.js';
import { plugins as sparse } from './sparse/index.js';
import { plugins as symbolic } from './symbolic/index.js';

export function builtinSources(): PluginSource[] {
  return [
    { origin: 'builtin:backends', plugins: [], backends },
    { origin: 'builtin:nn', plugins: nn },
    { origin: 'builtin:bayesnet', plugins: bayesnet },
    { origin: 'builtin:kinetic', plugins: kinetic },
    { origin: 'builtin:sparse', plugins: sparse },
    { origin: 'builtin:symbolic', plugins: symbolic },
  ];
}
