/**
 * The Continuous U-Net area: the image/mask loader, U-Net and Continuous U-Net (second-order
 * ODE blocks) models, their training stage, and segmentation evaluation under noise.
 */
import type { Plugin } from '../../kernel/plugin.js';

export const plugins: Plugin[] = [];
