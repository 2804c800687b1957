/**
 * Graph classification, kernel-free: the TU Dortmund loader, stratified folds, block-diagonal
 * batching with a node→graph index, message passing by gather + segment sum, GIN / GCN and the
 * mean/max variants as functional forwards over parameter records, training on lib/nn's loop,
 * evaluation and k-fold cross-validation.
 */
export * from './dataset.js';
export * from './folds.js';
export { TU_CODES, FileProblems, parseNumberLines, type NumberLines } from './tu-lines.js';
export { readTuDataset, TuMissingError, TU_REQUIRED, TU_OPTIONAL, type TuReadOptions } from './tu-read.js';
export { MissingNodeLabelsError, type FeatureChoice } from './tu-features.js';
export * from './batch.js';
export * from './batch-tensors.js';
export * from './message-passing.js';
export * from './spec.js';
export * from './batch-norm.js';
export * from './forward.js';
export * from './evaluate.js';
export * from './train.js';
export * from './cv.js';
