/**
 * The implicit-neural-representation area: signals from images, the SIREN model, meta-training
 * by MAML and by ECoP (context pruning), and a side-by-side comparison of their meta-test
 * reconstructions.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { signalsPlugin } from '../data/signals.js';
import { sirenPlugin } from '../model/siren.js';
import { ecopPlugin } from '../train/ecop.js';
import { mamlPlugin } from '../train/maml.js';
import { inrComparePlugin } from './compare.js';

export { signalsPlugin, sirenPlugin, mamlPlugin, ecopPlugin, inrComparePlugin };

export const plugins: Plugin[] = [signalsPlugin, sirenPlugin, mamlPlugin, ecopPlugin, inrComparePlugin];
