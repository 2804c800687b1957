/** `sparsify set { sparsity: 0.95, epochs: 10 }`: Sparse Evolutionary Training (Mocanu et al. 2018). */
import type { Plugin } from '../../kernel/plugin.js';
import { standardLosses, type LossRegistry, type Model } from '../../lib/nn/index.js';
import { createRegrowPlugin, type RegrowConfig } from './regrow.js';

export const createSetPlugin = (losses: LossRegistry = standardLosses): Plugin<RegrowConfig, Model> => createRegrowPlugin('set', losses);
export const setPlugin = createSetPlugin();
