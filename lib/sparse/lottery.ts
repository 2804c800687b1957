/**
 * Iterative magnitude pruning with weight rewinding (Frankle & Carbin 2019; Frankle et al.
 * 2020 for rewinding to an early iterate). Each round trains the masked network, prunes a
 * fraction of the remaining weights by magnitude, and resets the survivors to their values at
 * the rewind point; a last round trains the final ticket. The per-round rate is chosen so R
 * rounds reach the target: keep (1 − s)^(1/R) of the remaining weights each round.
 */
import type { Split } from '../data/dataset.js';
import { cloneModel, fit, type FitOptions, type Model } from '../nn/index.js';
import { allocate, type Allocation } from './allocation.js';
import { applyMaskArrays, magnitudeMasks, type Masks, type Scope } from './magnitude.js';
import type { PruneTarget } from './targets.js';

export interface LotteryOptions {
  sparsity: number;
  rounds: number;
  /** Epochs of training per round (the first round's include the rewind epochs). */
  epochs: number;
  /** 0 rewinds to the initialisation; k > 0 to the weights after k epochs of round 1. */
  rewindEpoch: number;
  scope: Scope;
  allocation: Allocation;
  targets: PruneTarget[];
  /** Training options shared by every round (epochs is set per call). */
  fit: Omit<FitOptions, 'epochs'>;
  onRound?(round: number, sparsity: number, trained: Model): void | Promise<void>;
}

export interface LotteryResult {
  /** The final ticket after its last training. */
  trained: Model;
  /** The final mask on the rewound weights, before its last training. */
  ticket: Model;
}

export async function lotteryTicket(model: Model, train: Split, o: LotteryOptions): Promise<LotteryResult> {
  let masks: Masks = {};
  let rewind = cloneModel(model);
  let current = cloneModel(model);
  const keepPerRound = (1 - o.sparsity) ** (1 / o.rounds);
  for (let round = 1; round <= o.rounds; round++) {
    let epochs = o.epochs;
    if (round === 1 && o.rewindEpoch > 0) {
      current = (await fit(current, train, { ...o.fit, epochs: o.rewindEpoch })).model;
      rewind = cloneModel(current);
      epochs = Math.max(1, o.epochs - o.rewindEpoch);
    }
    const trained = (await fit(current, train, { ...o.fit, epochs })).model;
    const density = keepPerRound ** round;
    masks = magnitudeMasks(trained.params, o.targets, {
      scope: o.scope,
      density,
      densities: allocate(o.allocation, o.targets, density),
      current: masks,
    });
    current = { ...cloneModel(rewind), params: applyMaskArrays(rewind.params, masks), masks };
    await o.onRound?.(round, 1 - density, trained);
  }
  const ticket = cloneModel(current);
  const trained = (await fit(current, train, { ...o.fit, epochs: o.epochs })).model;
  return { trained, ticket };
}
