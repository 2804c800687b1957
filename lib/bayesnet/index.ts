/**
 * Bayesian networks: the BIF grammar, the `BayesNet` model, exact inference by variable
 * elimination compiled to a tape of factor contractions, its reverse-mode derivative, and YODO
 * sensitivity analysis (one-way, admissible regions, two-way). Float64 typed arrays throughout.
 */
export { parseBif, checkBif } from './read-bif.js';
export { BIF_CODES } from './bif-codes.js';
export type { BuildOptions } from './bif-build.js';
export * from './model.js';
export { resolveQuery, parseTarget, type NamedQuery, type IndexedQuery } from './query.js';
export { BayesQueryError, QUERY_CODES } from './errors.js';
export { compilePlan, planWork, DEFAULT_MAX_FACTOR_SIZE, type ContractionPlan, type PlanOptions } from './contraction-plan.js';
export { createEngine, infer, normalizeJoint, type InferenceEngine, type Posterior } from './inference.js';
export { covaryRow, covariedSlopes } from './covariation.js';
export { allSensitivities, sensitivitiesWith, type SensitivityTable } from './sensitivity.js';
export * from './sensitivity-function.js';
export { topParameters, describeParameter, locateParameter, parameterLabel, type RankingEntry } from './ranking.js';
export { twoWaySensitivities, evaluateTwoWay, type TwoWayResult } from './multiway.js';
export { analyzeSensitivity, type AnalysisOptions, type SensitivityReport } from './analysis.js';
export { coveringQuery } from './covering-query.js';
export { tornadoChart, sensitivityCurves } from './figures.js';
