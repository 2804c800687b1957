/**
 * The neural-network plugins of the reference pipeline (data mnist → model mlp|cnn →
 * train sgd|adam → evaluate report). The train stages are also offered as factories
 * (createSgdPlugin, createAdamPlugin) that take a loss registry, for areas adding losses.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { mnistPlugin } from '../data/mnist.js';
import { reportPlugin } from '../evaluate/report.js';
import { cnnPlugin } from '../model/cnn.js';
import { mlpPlugin } from '../model/mlp.js';
import { createAdamPlugin } from '../train/adam.js';
import { createSgdPlugin } from '../train/sgd.js';
import { builtinLosses } from '../losses.js';

const sgdPlugin = createSgdPlugin(builtinLosses);
const adamPlugin = createAdamPlugin(builtinLosses);

export { mnistPlugin, reportPlugin, cnnPlugin, mlpPlugin, adamPlugin, sgdPlugin };
export { createAdamPlugin } from '../train/adam.js';
export { createSgdPlugin } from '../train/sgd.js';

export const plugins: Plugin[] = [mnistPlugin, mlpPlugin, cnnPlugin, sgdPlugin, adamPlugin, reportPlugin];
