/**
 * Neural symbolic regression with prior knowledge: `data csv` → `model symnet` →
 * `train symreg` (constraints, sparsity, restarts, Pareto choice, formula, baselines).
 */
import type { Plugin } from '../../kernel/plugin.js';
import { csvPlugin } from '../data/csv.js';
import { symnetPlugin } from '../model/symnet.js';
import { symregPlugin } from '../train/symreg.js';

export { csvPlugin, symnetPlugin, symregPlugin };

export const plugins: Plugin[] = [csvPlugin, symnetPlugin, symregPlugin];
