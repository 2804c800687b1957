/**
 * Fresh adversaries (our extension of the sieve, not the paper's): the forget step only defeats
 * the head it is given. A head trained alongside the lower layers is fooled by small moves that
 * leave the label readable to any other head, while the main step re-encodes the easy feature
 * along directions the current head does not read. Re-initialising the head every so often, and
 * fitting the fresh head for a few steps before the forget step acts again, makes the forget step
 * act on whatever direction encodes the easy feature *now*. The three steps and their objectives
 * are unchanged; only the head's parameters (and its optimizer state) are replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import type { RandomSource } from '../data/random.js';
import { initParams, makeBatch, trainLoop, type LossFn, type ModelSpec, type Optimizer, type ParamVariables } from '../nn/index.js';

/** Replaces the head's parameters in `vars` by a fresh seeded initialisation; the rest is untouched. */
export function reinitHead(vars: ParamVariables, aux: ModelSpec, rng: RandomSource): string[] {
  const fresh = initParams(aux, rng);
  tf.tidy(() => {
    for (const [name, p] of Object.entries(fresh)) {
      const v = vars[name];
      if (!v) throw new Error(`the head's parameter '${name}' is not among the training variables`);
      v.assign(tf.tensor(p.data, p.shape, 'float32'));
    }
  });
  return Object.keys(fresh);
}

export interface WarmHeadOptions {
  vars: ParamVariables;
  /** The aux objective (cross-entropy of the head on the lower layers' features). */
  loss: LossFn;
  /** The head's trainable parameters: the only ones the warm-up updates. */
  params: string[];
  optimizer: Optimizer;
  lr: number;
  steps: number;
  data: Split;
  inputShape: number[];
  batchSize: number;
  rng: RandomSource;
}

/**
 * `steps` updates of the head alone on seeded random batches, so it reads what the lower layers
 * hold now. The shared training loop runs them: a batch source of steps·batchSize draws, each a
 * row of the data, gives exactly `steps` batches.
 */
export async function warmHead(o: WarmHeadOptions): Promise<void> {
  if (o.steps < 1) return;
  await trainLoop({
    vars: o.vars,
    groups: [{ name: 'warmup', params: o.params, optimizer: o.optimizer, lr: () => o.lr }],
    loss: o.loss,
    source: { n: o.steps * o.batchSize, make: (rows) => makeBatch(o.data, o.inputShape, rows.map((r) => r % o.data.n)) },
    epochs: 1,
    batchSize: o.batchSize,
    rng: o.rng,
  });
}
