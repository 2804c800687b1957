/**
 * Meta-learning over functional parameters (MAML family): an inner loop of SGD steps on a
 * per-task copy of the parameters, an outer gradient through it (second order, nested
 * tf.grads) or around it (first order), hooks for choosing each inner step's context and for
 * extra outer-loss terms, and a peak-memory probe for one meta step.
 */
export * from './types.js';
export * from './inner-loop.js';
export * from './meta-gradient.js';
export * from './memory.js';
export * from './norms.js';
