/**
 * The compression plugins (lib/compress behind them), one compress stage per method of the
 * Cheng et al. survey: weight sharing, quantisation, low-rank factorisation, compact filters,
 * distillation, and Huffman encoding of the stored file.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { compactPlugin } from '../compress/compact.js';
import { distillPlugin } from '../compress/distill.js';
import { encodePlugin } from '../compress/encode.js';
import { kmeansPlugin } from '../compress/kmeans.js';
import { lowrankPlugin } from '../compress/lowrank.js';
import { quantizePlugin } from '../compress/quantize.js';

export { compactPlugin, distillPlugin, encodePlugin, kmeansPlugin, lowrankPlugin, quantizePlugin };

export const plugins: Plugin[] = [kmeansPlugin, quantizePlugin, lowrankPlugin, compactPlugin, distillPlugin, encodePlugin];
