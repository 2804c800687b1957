/**
 * The NASiam area: augmented pairs, the conv backbone, the architecture search over SimSiam
 * heads, SimSiam models (standard or searched head) and their training, and the frozen-backbone
 * linear probe / kNN evaluation.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { augmentedPairsPlugin } from '../data/augmented-pairs.js';
import { linearProbePlugin } from '../evaluate/linear-probe.js';
import { convnetPlugin } from '../model/convnet.js';
import { simsiamPlugin } from '../model/simsiam.js';
import { nasiamSearchPlugin } from '../search/nasiam.js';
import { trainSimsiamPlugin } from '../train/simsiam.js';

export { augmentedPairsPlugin, convnetPlugin, linearProbePlugin, nasiamSearchPlugin, simsiamPlugin, trainSimsiamPlugin };

export const plugins: Plugin[] = [augmentedPairsPlugin, convnetPlugin, nasiamSearchPlugin, simsiamPlugin, trainSimsiamPlugin, linearProbePlugin];
