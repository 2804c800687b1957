/**
 * Epoch-wise learning of a symbolic network (after Kubalík, Derner & Babuška's N4SR):
 *
 *   for each epoch: start from the best model so far (the first: the initial one) with Gaussian
 *   noise on every weight, pruned ones revived; train (Adam) on data + constraints with adaptive
 *   weights; then add the smoothed L0.5 penalty; prune small weights; fine-tune what is left.
 *
 * With `starts` > 1 the whole schedule runs that many times, each start from its own fresh
 * initialisation and restarting only from its own best: when the data hardly tell structures
 * apart (noise larger than the signal the constraints pin down), one start tends to settle in
 * the first structure it meets, and independent starts are the cheap remedy.
 *
 * Every epoch leaves two candidates (dense, after the first phase; pruned, at its end). "Best so
 * far" and the final model are both the parameter-free pick from the Pareto front of
 * (validation RMSE, constraint violation, complexity) over all candidates so far. Without prior
 * knowledge (`useConstraints: false`, the baselines) the constraints are neither trained on nor
 * selected by: the front is over (validation RMSE, complexity) alone, and the violation is only
 * measured, so a baseline's pick cannot borrow the knowledge it is meant to lack.
 */
import { shuffleInPlace, type RandomSource } from '../data/random.js';
import { AdaptiveWeights, type AdaptiveOptions } from './adaptive-weights.js';
import type { ConstraintSpec } from './constraint-spec.js';
import { prepareConstraint, violations } from './constraint-loss.js';
import { cloneNet, initParams, layoutOf, predict, type SymNet } from './network.js';
import { objective, scaledBatch, type Batch } from './objective.js';
import { Adam } from './optimizer.js';
import { chooseOneSe, paretoFront, rmseStandardError } from './pareto.js';
import { addL05, complexity, l05, prune } from './sparsity.js';

export interface LearnOptions {
  epochs: number;
  /** Independent starts (default 1); the final pick is over the candidates of all of them. */
  starts?: number;
  /** Adam steps per epoch, all phases together. */
  steps: number;
  lr: number;
  /** Fractions of `steps` without the penalty and with it; the rest fine-tunes after pruning. */
  phases: [number, number];
  /** Share of the smoothed L0.5 penalty relative to the recent RMSE (like a constraint's), and its smoothing half-width a. */
  sparsity: number;
  l05Smoothing: number;
  /** Data points per step (0: all). */
  batch: number;
  pruneThreshold: number;
  /** σ of the noise added to the best model at each restart (scaled units). */
  perturbation: number;
  divPenalty: number;
  /** null: every constraint weight fixed at 1. */
  adaptive: AdaptiveOptions | null;
  /** Points per constraint for the violation measure of candidates (a fixed set). */
  evalSamples: number;
  /**
   * false: no prior knowledge (the baselines): the constraints are only measured, never trained
   * on nor used to select candidates. Default true.
   */
  useConstraints?: boolean;
  /**
   * Stream for the points the violations are measured on (default: the learner's own). A
   * separate one keeps a baseline's training stream the same whatever constraints it is measured
   * against.
   */
  evalRng?: RandomSource;
  signal?: AbortSignal;
  onProgress?(p: LearnProgress): void;
}

export interface LearnProgress {
  epoch: number;
  /** Steps done over all epochs, out of `total`. */
  done: number;
  total: number;
  rmse: number;
  loss: number;
  weights: number[];
  constraintLosses: number[];
  divPenalty: number;
}

export interface Split {
  cols: Float64Array[];
  y: Float64Array;
}

export interface Candidate {
  /** Index of the independent start that produced it. */
  start: number;
  epoch: number;
  phase: 'dense' | 'pruned';
  net: SymNet;
  /** Raw units. */
  valRmse: number;
  /** Standard error of valRmse. */
  valSe: number;
  /** Σ over constraints of the RMS violation, in target units (violation × outputScale). */
  violation: number;
  violations: number[];
  complexity: number;
}

export interface LearnResult {
  candidates: Candidate[];
  front: number[];
  chosen: number;
}

/** Selection objectives: with prior knowledge its violation is one; without, it is not looked at. */
export function objectivesOf(c: Candidate, useConstraints = true): number[] {
  return useConstraints ? [c.valRmse, c.violation, c.complexity] : [c.valRmse, c.complexity];
}

/** The front, and the one-SE pick with the noise level of the most accurate front member. */
export function selectCandidate(cands: Candidate[], useConstraints = true): { front: number[]; chosen: number } {
  const pts = cands.map((c) => objectivesOf(c, useConstraints));
  const front = paretoFront(pts);
  const mostAccurate = front.reduce((a, b) => (cands[b]!.valRmse < cands[a]!.valRmse ? b : a));
  return { front, chosen: chooseOneSe(pts, front, cands[mostAccurate]!.valSe) };
}

export async function learn(init: SymNet, train: Split, validation: Split, specs: ConstraintSpec[], rng: RandomSource, o: LearnOptions): Promise<LearnResult> {
  const lay = layoutOf(init);
  const batch = scaledBatch(init, train.cols, train.y);
  const evalRng = o.evalRng ?? rng;
  const evalSet = specs.map((s) => prepareConstraint(s, init, evalRng, Math.max(o.evalSamples, s.samples ?? 0)));
  const useConstraints = o.useConstraints !== false;
  const candidates: Candidate[] = [];
  const starts = Math.max(1, o.starts ?? 1);
  const total = starts * o.epochs * o.steps;
  let done = 0;
  let start = 0;
  const record = (net: SymNet, epoch: number, phase: Candidate['phase']) => {
    const pred = predict(net, validation.cols);
    const valRmse = rmse(pred, validation.y);
    const valSe = rmseStandardError(pred.map((p, i) => p - validation.y[i]!));
    const vs = violations(net, lay, evalSet).map((v) => v * net.outputScale);
    candidates.push({ start, epoch, phase, net: cloneNet(net), valRmse, valSe: Number.isFinite(valSe) ? valSe : Infinity, violation: vs.reduce((a, b) => a + b, 0), violations: vs, complexity: complexity(net) });
  };
  const batches = new Batches(batch, o.batch, rng);
  // Later starts draw fresh weights at the initial network's own spread.
  const initSigma = Math.sqrt(init.params.reduce((a, v) => a + v * v, 0) / Math.max(1, init.params.length));
  for (; start < starts; start++) {
    const mine = () => candidates.filter((c) => c.start === start);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const net = epoch === 0 ? fresh(init, start, initSigma, rng) : perturbed(bestOf(mine(), useConstraints).net, o.perturbation, rng);
      const trained = useConstraints ? specs : [];
      const prepared = trained.map((s) => prepareConstraint(s, net, rng));
      const adaptive = new AdaptiveWeights(trained.length + 1, o.adaptive ?? { window: 10, ratio: 1, tolerance: 0, min: 1, max: 1 });
      const adam = new Adam(net.params.length);
      const grad = new Float64Array(net.params.length);
      // Weights from the starting point's own losses: a constraint's first gradient can be 10⁴×
      // the data term's, and starting every weight at 1 would let it set the direction alone.
      if (o.adaptive) {
        const v0 = objective(net, lay, batch, prepared, prepared.map(() => 0), o.divPenalty);
        adaptive.update(v0.rmse, [...v0.constraintLosses, 0]);
      }
      const nFree = Math.round(o.phases[0] * o.steps);
      const nSparse = Math.round(o.phases[1] * o.steps);
      for (let step = 0; step < o.steps; step++) {
        if (step === nFree) record(net, epoch, 'dense');
        if (step === nFree + nSparse) prune(net, o.pruneThreshold);
        const sparse = step >= nFree && step < nFree + nSparse;
        const w = adaptive.weights;
        grad.fill(0);
        // The first epoch starts on the data alone (half its free phase): a flat function meets
        // most shape constraints, and pulling towards it before the data is fitted can stall there.
        const warm = epoch === 0 && step < nFree / 2;
        const cw = warm ? trained.map(() => 0) : o.adaptive ? w.slice(0, trained.length) : trained.map(() => 1);
        const v = objective(net, lay, batches.next(), prepared, cw, o.divPenalty, grad);
        let penalty = 0;
        if (sparse) {
          // λ follows the same rule as a constraint weight: λ·R = sparsity·RMSE̅.
          penalty = sumL05(net, o.l05Smoothing);
          const lambda = adaptive.meanRmse > 0 ? (o.sparsity * adaptive.meanRmse) / Math.max(penalty, 1e-12) : 0;
          addL05(net.params, net.mask, grad, lambda, o.l05Smoothing);
        }
        adam.step(net.params, grad, step < nFree + nSparse ? o.lr : o.lr / 10, net.mask);
        adaptive.update(v.rmse, [...v.constraintLosses, penalty]);
        done++;
        if (done % 50 === 0 || done === total) {
          o.onProgress?.({ epoch, done, total, rmse: v.rmse * net.outputScale, loss: v.total, weights: w.slice(0, trained.length), constraintLosses: v.constraintLosses, divPenalty: v.divPenalty });
          // Lets the event loop deliver progress and cancellation while a long run goes on.
          await new Promise((r) => setImmediate(r));
          o.signal?.throwIfAborted();
        }
      }
      if (nFree + nSparse >= o.steps) prune(net, o.pruneThreshold);
      record(net, epoch, 'pruned');
    }
  }
  return { candidates, ...selectCandidate(candidates, useConstraints) };
}

function bestOf(cands: Candidate[], useConstraints: boolean): Candidate {
  return cands[selectCandidate(cands, useConstraints).chosen]!;
}

/** Start 0: the initial network itself; later starts: the same architecture, fresh weights. */
function fresh(init: SymNet, start: number, sigma: number, rng: RandomSource): SymNet {
  const net = cloneNet(init);
  if (start > 0) initParams(net, layoutOf(net), rng, sigma);
  return net;
}

/** The best model with noise on every weight; pruned weights come back to life. */
function perturbed(net: SymNet, sigma: number, rng: RandomSource): SymNet {
  const out = cloneNet(net);
  for (let i = 0; i < out.params.length; i++) out.params[i] += sigma * rng.normal();
  out.mask.fill(1);
  return out;
}

function sumL05(net: SymNet, a: number): number {
  let r = 0;
  for (let i = 0; i < net.params.length; i++) if (net.mask[i]) r += l05(net.params[i]!, a).value;
  return r;
}

/** Shuffled minibatches over the training split, reshuffled after each pass. */
class Batches {
  private order: Int32Array;
  private pos = 0;

  constructor(
    private readonly all: Batch,
    private readonly size: number,
    private readonly rng: RandomSource,
  ) {
    this.order = Int32Array.from({ length: all.y.length }, (_, i) => i);
  }

  next(): Batch {
    const n = this.all.y.length;
    if (!this.size || this.size >= n) return this.all;
    if (this.pos + this.size > n) this.pos = 0;
    if (this.pos === 0) shuffleInPlace(this.order, this.rng);
    const rows = this.order.subarray(this.pos, this.pos + this.size);
    this.pos += this.size;
    return { cols: this.all.cols.map((c) => Float64Array.from(rows, (r) => c[r]!)), y: Float64Array.from(rows, (r) => this.all.y[r]!) };
  }
}

export function rmse(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  const r = Math.sqrt(s / y.length);
  return Number.isFinite(r) ? r : Infinity;
}

