/**
 * Sparsity toolbox (no tfjs kernels of its own): which weights to prune (targets, magnitude
 * scores, top-k), how much per layer (uniform, ERK), when (cubic GMP schedule, prune–regrow
 * updates), dynamic sparse training hooks for lib/nn's fit (GMP, SET, RigL), lottery tickets,
 * structured pruning into a smaller dense model, CSR inference (a wasm SIMD kernel, plain JS
 * as fallback) and the sparse model file, and sparsity metrics.
 */
export * from './targets.js';
export * from './select.js';
export * from './allocation.js';
export * from './magnitude.js';
export * from './schedules.js';
export * from './prune-regrow.js';
export * from './dynamic.js';
export * from './lottery.js';
export * from './structured.js';
export * from './csr.js';
export * from './spmm.js';
export * from './sparse-model.js';
export * from './file-format.js';
export * from './metrics.js';
