/**
 * The NASiam area: the architecture search over SimSiam heads, SimSiam training of a fixed
 * head (standard or searched), and the frozen-backbone linear probe / kNN evaluation.
 */
import type { Plugin } from '../../kernel/plugin.js';
import { linearProbePlugin } from '../evaluate/linear-probe.js';
import { simsiamPlugin } from '../model/simsiam.js';
import { nasiamSearchPlugin } from '../search/nasiam.js';

export { linearProbePlugin, nasiamSearchPlugin, simsiamPlugin };

export const plugins: Plugin[] = [nasiamSearchPlugin, simsiamPlugin, linearProbePlugin];
