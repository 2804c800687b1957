/**
 * The Continuous U-Net area: the image/mask loader, U-Net and Continuous U-Net (second-order
 * ODE blocks) models, their training stage, and segmentation evaluation under noise.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { imagesPlugin } from '../data/images.js';
import { segmentationEvalPlugin } from '../evaluate/segmentation.js';
import { cunetPlugin } from '../model/cunet.js';
import { unetPlugin } from '../model/unet.js';
import { segmentationTrainPlugin } from '../train/segmentation.js';

export const plugins: Plugin[] = [imagesPlugin, segmentationEvalPlugin, unetPlugin, cunetPlugin, segmentationTrainPlugin];
