/**
 * The sparsity plugins (lib/sparse behind them): one sparsify stage per method, and
 * `evaluate sparse` for inference from the compressed model. The training stages are also
 * offered as factories taking a loss registry, like `train sgd|adam`.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { sparseEvalPlugin } from '../evaluate/sparse.js';
import { createGmpPlugin } from '../sparsify/gmp.js';
import { createLotteryPlugin } from '../sparsify/lottery.js';
import { createMagnitudePlugin } from '../sparsify/magnitude.js';
import { createRiglPlugin } from '../sparsify/rigl.js';
import { createSetPlugin } from '../sparsify/set.js';
import { createStructuredPlugin } from '../sparsify/structured.js';
import { builtinLosses } from '../losses.js';

const magnitudePlugin = createMagnitudePlugin(builtinLosses);
const gmpPlugin = createGmpPlugin(builtinLosses);
const setPlugin = createSetPlugin(builtinLosses);
const riglPlugin = createRiglPlugin(builtinLosses);
const lotteryPlugin = createLotteryPlugin(builtinLosses);
const structuredPlugin = createStructuredPlugin(builtinLosses);

export { gmpPlugin, lotteryPlugin, magnitudePlugin, riglPlugin, setPlugin, structuredPlugin, sparseEvalPlugin };
export { createGmpPlugin } from '../sparsify/gmp.js';
export { createLotteryPlugin } from '../sparsify/lottery.js';
export { createMagnitudePlugin } from '../sparsify/magnitude.js';
export { createRiglPlugin } from '../sparsify/rigl.js';
export { createSetPlugin } from '../sparsify/set.js';
export { createStructuredPlugin } from '../sparsify/structured.js';

export const plugins: Plugin[] = [magnitudePlugin, gmpPlugin, setPlugin, riglPlugin, lotteryPlugin, structuredPlugin, sparseEvalPlugin];
