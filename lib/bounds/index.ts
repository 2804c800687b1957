/**
 * Certified robustness numerics, kernel-free: interval bound propagation, CROWN (backward linear
 * relaxation with the adaptive relu lower slope), bounds on logit margins over the L∞ ball
 * clipped to the input domain, per-example certification, a PGD attack (the empirical upper
 * bound), and the CROWN-IBP training loss with its eps, beta and kappa ramps.
 */
export * from './errors.js';
export * from './network.js';
export * from './interval.js';
export * from './ibp.js';
export * from './relu-relaxation.js';
export * from './backward.js';
export * from './crown.js';
export * from './margins.js';
export * from './pgd.js';
export * from './certify.js';
export * from './crown-ibp-loss.js';
