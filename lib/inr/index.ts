/**
 * Implicit neural representations: SIREN (layers, initialisation, functional forward with the
 * last hidden features), coordinate grids, signals built from images, PSNR, and the pieces of
 * context-pruning meta-learning (ECoP / GradNCP) on top of lib/meta: the pruning score, the
 * bootstrapped target, test-time gradient rescaling, meta-training and meta-test evaluation.
 */
export * from './siren.js';
export * from './grid.js';
export * from './signals.js';
export * from './psnr.js';
export * from './task.js';
export * from './pruning.js';
export * from './bootstrap.js';
export * from './rescale.js';
export * from './method.js';
export * from './meta-train.js';
export * from './evaluate.js';
export * from './figure.js';
