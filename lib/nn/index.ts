/**
 * Neural-network numerics, kernel-free: model specs and artifacts, the functional forward pass,
 * losses and schedules by name, optimizers, the training loop with hooks, evaluation.
 */
export * from './spec.js';
export * from './shapes.js';
export * from './model.js';
export * from './init.js';
export * from './architectures.js';
export * from './activations.js';
export * from './dense.js';
export * from './forward.js';
export * from './call-value.js';
export * from './schedules.js';
export * from './losses.js';
export * from './optimizers.js';
export * from './batches.js';
export * from './masks.js';
export * from './train-loop.js';
export * from './evaluate.js';
export * from './fit.js';
