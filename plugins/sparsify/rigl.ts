/** `sparsify rigl { sparsity: 0.95, drop_fraction: cosine(0.3 -> 0.0), update_every: 100 }`: RigL (Evci et al. 2020). */
import type { Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { createRegrowPlugin, type RegrowConfig } from './regrow.js';

export const createRiglPlugin = (losses: LossRegistry = standardLosses): Plugin<RegrowConfig, Model> => createRegrowPlugin('rigl', losses);
export const riglPlugin = createRiglPlugin();
