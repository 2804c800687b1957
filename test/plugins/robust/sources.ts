/**
 * The plugin set these tests run with: the built-ins, with the train and sparsify stages built
 * from `robustLosses` (the wiring proposed for plugins/nn and plugins/sparse), plus plugins/robust.
 */
import type { PluginSource } from '../../../kernel/container.js';
import type { Plugin } from '../../../kernel/plugin.js';
import { backends } from '../../../plugins/backends/index.js';
import { createAdamPlugin, createSgdPlugin, plugins as nn } from '../../../plugins/nn/index.js';
import { plugins as robust, robustLosses } from '../../../plugins/robust/index.js';
import { createMagnitudePlugin, createRiglPlugin, plugins as sparse } from '../../../plugins/sparse/index.js';

const swap: Record<string, Plugin> = {
  'train/adam': createAdamPlugin(robustLosses),
  'train/sgd': createSgdPlugin(robustLosses),
  'sparsify/magnitude': createMagnitudePlugin(robustLosses),
  'sparsify/rigl': createRiglPlugin(robustLosses),
};
const swapped = (ps: Plugin[]) => ps.map((p) => swap[p.id] ?? p);

export const sources: PluginSource[] = [
  { origin: 'builtin:backends', plugins: [], backends },
  { origin: 'builtin:nn', plugins: swapped(nn) },
  { origin: 'builtin:sparse', plugins: swapped(sparse) },
  { origin: 'builtin:robust', plugins: robust },
];
