/**
 * The losses every built-in training stage understands, by name: the standard ones (lib/nn) and
 * the certified-robustness loss `crown_ibp(...)` (lib/bounds). Training plugins are factories over a
 * loss registry, so adding a loss here offers it to `train sgd|adam` and the sparsify stages alike.
 */
import type { LossRegistry } from '../lib/nn/index.js';
import { robustLosses } from '../lib/bounds/index.js';

export const builtinLosses: LossRegistry = robustLosses;
