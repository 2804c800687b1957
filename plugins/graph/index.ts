/**
 * Graph classification (GIN, Xu et al. 2019): data tu → model gin | gcn → train graph →
 * evaluate cv. Wire `plugins` into plugins/builtin.ts as one source (`builtin:graph`).
 */
import type { Plugin } from '../../kernel/plugin.js';
import { tuPlugin } from '../data/tu.js';
import { cvPlugin } from '../evaluate/cv.js';
import { gcnPlugin } from '../model/gcn.js';
import { ginPlugin } from '../model/gin.js';
import { graphTrainPlugin } from '../train/graph.js';

export { tuPlugin, ginPlugin, gcnPlugin, graphTrainPlugin, cvPlugin };

export const plugins: Plugin[] = [tuPlugin, ginPlugin, gcnPlugin, graphTrainPlugin, cvPlugin];
