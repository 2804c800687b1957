/**
 * Neural symbolic regression with prior knowledge (Kubalík et al.), float64 and kernel-free:
 * a reverse-mode tape, elementary units, the symbolic network, constraints as losses on sampled
 * points with adaptive weights, smoothed-L0.5 sparsity and pruning, epoch-wise learning,
 * Pareto selection, formula extraction (mathjs), baselines and report figures.
 */
export * from './tape.js';
export * from './units.js';
export * from './network.js';
export * from './table.js';
export * from './constraint-spec.js';
export * from './constraint-loss.js';
export * from './adaptive-weights.js';
export * from './sparsity.js';
export * from './optimizer.js';
export * from './objective.js';
export * from './pareto.js';
export * from './learner.js';
export * from './formula.js';
export * from './baselines.js';
export * from './figures.js';
export * from './summary.js';
