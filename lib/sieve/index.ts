/**
 * The feature sieve over lib/nn: where the auxiliary head attaches, the head itself, the three
 * objectives (main, aux, forget-to-uniform), the training run, and the evaluation per environment
 * with the colour-reliance probe.
 */
export * from './aux-point.js';
export * from './aux-head.js';
export * from './losses.js';
export * from './probe.js';
export * from './head-reset.js';
export * from './train-sieve.js';
export * from './environments.js';
