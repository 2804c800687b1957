/** Bayesian-network plugins: `data bif` (read a BIF file) and `analyze sensitivity` (YODO). */
import type { Plugin } from '../../kernel/plugin.js';
import { bifPlugin } from '../data/bif.js';
import { sensitivityPlugin } from '../analyze/sensitivity.js';

export const plugins: Plugin[] = [bifPlugin, sensitivityPlugin];
