/**
 * The baselines a report sets beside the symbolic network, trained by the same float64 learner
 * so the comparison isolates the model class and the prior knowledge, not the optimiser:
 *
 * - `mlp`: a plain tanh MLP (a symbolic network whose units are all tanh, no skip connections),
 *   fitted to the data alone, no sparsity, no pruning, one epoch.
 * - `unconstrained`: the same symbolic network and schedule as the main run, without prior
 *   knowledge: no constraint losses, and selection by (validation RMSE, complexity) only.
 */
import type { RandomSource } from '../data/random.js';
import { learn, type LearnOptions, type LearnResult, type Split } from './learner.js';
import { createSymNet, type SymNet } from './network.js';
import type { ConstraintSpec } from './constraint-spec.js';

export interface MlpBaselineOptions {
  width: number;
  layers: number;
  steps: number;
  lr: number;
}

export async function trainMlp(template: SymNet, train: Split, validation: Split, evalSpecs: ConstraintSpec[], rng: RandomSource, m: MlpBaselineOptions, o: Pick<LearnOptions, 'batch' | 'evalSamples' | 'evalRng' | 'signal' | 'onProgress'>): Promise<LearnResult> {
  const net = createSymNet(
    {
      inputs: template.inputs,
      layers: Array.from({ length: m.layers }, () => new Array<string>(m.width).fill('tanh')),
      skip: false,
      divThreshold: template.divThreshold,
      inputScale: template.inputScale,
      outputScale: template.outputScale,
      initSigma: 1,
    },
    rng,
  );
  // The constraints are passed only to be measured (useConstraints: false): they never train.
  return learn(net, train, validation, evalSpecs, rng, {
    ...o,
    epochs: 1,
    starts: 1,
    steps: m.steps,
    lr: m.lr,
    // The last 30% run at lr/10 (the learner's fine-tuning phase; pruning at threshold 0 is a no-op).
    phases: [0.7, 0],
    sparsity: 0,
    l05Smoothing: 0.01,
    pruneThreshold: 0,
    perturbation: 0,
    divPenalty: 0,
    adaptive: null,
    useConstraints: false,
  });
}
