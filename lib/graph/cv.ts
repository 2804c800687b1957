/**
 * k-fold cross-validation of a graph network: for each fold, a fresh model (its own seeded
 * initialisation) is trained on the other k−1 folds and tested on it after every epoch. The
 * summary gives both readings of the curves:
 *  - `accuracy`: mean ± std over folds of the last epoch's test accuracy (no choice made on
 *    test data);
 *  - `bestEpoch*`: the paper's protocol (Xu et al. §7): the single epoch whose accuracy,
 *    averaged over the folds, is highest — optimistic, since it is chosen on the test folds.
 * Standard deviations are over folds, population form (numpy's default, as the paper's code).
 */
import type { RandomSource } from '../data/random.js';
import type { StepInfo } from '../nn/train-loop.js';
import type { GraphDataset } from './dataset.js';
import { graphsWhere } from './dataset.js';
import type { GraphModel } from './spec.js';
import { fitGraphModel, type GraphEpochReport, type GraphFitOptions } from './train.js';

export interface CvSummary {
  folds: number;
  /** Mean and std over folds of the last epoch's test accuracy. */
  accuracy: number;
  std: number;
  /** Last-epoch test accuracy of each fold. */
  perFold: number[];
  /** Mean over folds of the test accuracy at each epoch. */
  meanCurve: number[];
  /** 1-based epoch where `meanCurve` peaks, its value, and the std over folds there. */
  bestEpoch: number;
  bestAccuracy: number;
  bestStd: number;
}

export function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** `curves[fold][epoch]`: test accuracy; every fold ran the same number of epochs. */
export function summariseFolds(curves: number[][]): CvSummary {
  const epochs = curves[0]?.length ?? 0;
  if (!epochs || curves.some((c) => c.length !== epochs)) throw new Error('every fold needs the same, non-zero number of epochs');
  const perFold = curves.map((c) => c[epochs - 1]!);
  const last = meanStd(perFold);
  const meanCurve = Array.from({ length: epochs }, (_, e) => meanStd(curves.map((c) => c[e]!)).mean);
  let best = 0;
  meanCurve.forEach((v, e) => {
    if (v > meanCurve[best]!) best = e;
  });
  return {
    folds: curves.length,
    accuracy: last.mean,
    std: last.std,
    perFold,
    meanCurve,
    bestEpoch: best + 1,
    bestAccuracy: meanCurve[best]!,
    bestStd: meanStd(curves.map((c) => c[best]!)).std,
  };
}

export interface CrossValidateOptions extends Omit<GraphFitOptions, 'test' | 'rng' | 'onEpoch' | 'onStep'> {
  /** Fold of each graph, 0..k−1. */
  folds: Int32Array;
  k: number;
  /** A freshly initialised model for fold i. */
  init(fold: number): GraphModel;
  /** The training stream of fold i (shuffles, dropout). */
  rng(fold: number): RandomSource;
  onEpoch?(fold: number, report: GraphEpochReport): void | Promise<void>;
  onStep?(fold: number, info: StepInfo): void;
}

export interface FoldResult {
  fold: number;
  trainGraphs: number;
  testGraphs: number;
  history: GraphEpochReport[];
}

export async function crossValidate(ds: GraphDataset, o: CrossValidateOptions): Promise<{ folds: FoldResult[]; summary: CvSummary }> {
  const results: FoldResult[] = [];
  for (let fold = 0; fold < o.k; fold++) {
    const train = graphsWhere(o.folds, (f) => f !== fold);
    const test = graphsWhere(o.folds, (f) => f === fold);
    const { history } = await fitGraphModel(o.init(fold), ds, train, {
      ...o,
      test,
      rng: o.rng(fold),
      onEpoch: (r) => o.onEpoch?.(fold, r),
      onStep: (s) => o.onStep?.(fold, s),
    });
    results.push({ fold, trainGraphs: train.length, testGraphs: test.length, history });
  }
  return { folds: results, summary: summariseFolds(results.map((r) => r.history.map((h) => h.testAccuracy!))) };
}
