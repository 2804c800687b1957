/**
 * The feature-sieve area: Colored MNIST data, the sieve's train stage, and the per-environment
 * evaluation that every branch (sieve, ablation, plain training) is compared with.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { coloredMnistPlugin } from '../data/colored-mnist.js';
import { environmentsPlugin } from '../evaluate/environments.js';
import { sievePlugin } from '../train/sieve.js';

export { coloredMnistPlugin, environmentsPlugin, sievePlugin };

export const plugins: Plugin[] = [coloredMnistPlugin, sievePlugin, environmentsPlugin];
