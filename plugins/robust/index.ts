/**
 * Certified robustness: `verify ibp`, `verify crown` and `sparsify sparsevlr` (lib/bounds behind
 * them). The crown_ibp loss is offered to every train stage through `robustLosses`, the loss
 * registry the train and sparsify factories are built with (see docs/techniques/certified-robustness.md).
 */
import type { Plugin } from '../../kernel/plugin.js';
import { sparseVlrPlugin } from '../sparsify/sparsevlr.js';
import { verifyCrownPlugin } from '../verify/crown.js';
import { verifyIbpPlugin } from '../verify/ibp.js';

export { verifyCrownPlugin, verifyIbpPlugin, sparseVlrPlugin };
export { robustLosses } from '../../lib/bounds/index.js';

export const plugins: Plugin[] = [verifyIbpPlugin, verifyCrownPlugin, sparseVlrPlugin];
