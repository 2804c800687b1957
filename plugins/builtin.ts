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
import { plugins as graph } from './graph/index.js';
import { plugins as robust } from './robust/index.js';
import { plugins as sieve } from './sieve/index.js';
import { plugins as compression } from './compression/index.js';
import { plugins as nasiam } from './nasiam/index.js';
import { plugins as inr } from './inr/index.js';
import { plugins as cunet } from './cunet/index.js';

export function builtinSources(): PluginSource[] {
  return [
    { origin: 'builtin:backends', plugins: [], backends },
    { origin: 'builtin:nn', plugins: nn },
    { origin: 'builtin:bayesnet', plugins: bayesnet },
    { origin: 'builtin:kinetic', plugins: kinetic },
    { origin: 'builtin:sparse', plugins: sparse },
    { origin: 'builtin:symbolic', plugins: symbolic },
    { origin: 'builtin:graph', plugins: graph },
    { origin: 'builtin:robust', plugins: robust },
    { origin: 'builtin:sieve', plugins: sieve },
    { origin: 'builtin:compression', plugins: compression },
    { origin: 'builtin:nasiam', plugins: nasiam },
    { origin: 'builtin:inr', plugins: inr },
    { origin: 'builtin:cunet', plugins: cunet },
  ];
}
