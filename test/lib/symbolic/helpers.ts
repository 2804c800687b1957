/** Hand-set symbolic networks for tests. */
import { createRng } from '../../../kernel/rng.js';
import { createSymNet, layoutOf, type LearnOptions, type LinearSlot, type SymNet } from '../../../lib/symbolic/index.js';

export const rng = (seed = 7) => createRng(seed, 'symbolic-test');

export function blankNet(inputs: string[], layers: string[][], o: { skip?: boolean; inputScale?: number[]; outputScale?: number } = {}): SymNet {
  const net = createSymNet({ inputs, layers, skip: o.skip ?? false, divThreshold: 1e-3, inputScale: o.inputScale ?? inputs.map(() => 1), outputScale: o.outputScale ?? 1, initSigma: 1 }, rng());
  net.params.fill(0);
  return net;
}

/** Sets one linear combination: weights over its inputs, then the bias. */
export function setSlot(net: SymNet, slot: LinearSlot, weights: number[], bias = 0): void {
  weights.forEach((w, i) => (net.params[slot.off + i] = w));
  net.params[slot.off + slot.fanIn] = bias;
}

/** r1·r2 / (r1 + r2) as [mul, ident] → [div] → output. */
export function parallelNet(): SymNet {
  const net = blankNet(['r1', 'r2'], [['mul', 'ident'], ['div']]);
  const lay = layoutOf(net);
  setSlot(net, lay.unitSlots[0]![0]![0]!, [1, 0]);
  setSlot(net, lay.unitSlots[0]![0]![1]!, [0, 1]);
  setSlot(net, lay.unitSlots[0]![1]![0]!, [1, 1]);
  setSlot(net, lay.unitSlots[1]![0]![0]!, [1, 0]);
  setSlot(net, lay.unitSlots[1]![0]![1]!, [0, 1]);
  setSlot(net, lay.output, [1]);
  return net;
}

/** a·x1 + b·x2 + c through one ident unit. */
export function linearNet(inputs: string[], w: number[], c = 0): SymNet {
  const net = blankNet(inputs, [['ident']]);
  const lay = layoutOf(net);
  setSlot(net, lay.unitSlots[0]![0]![0]!, w, c);
  setSlot(net, lay.output, [1]);
  return net;
}

export function columns(n: number, d: number, lo: number, hi: number, seed = 3): Float64Array[] {
  const r = rng(seed);
  return Array.from({ length: d }, () => Float64Array.from({ length: n }, () => lo + (hi - lo) * r.next()));
}

/** A learner schedule small enough for a unit test (2 epochs × 20 steps, no adaptive weights). */
export function tinyLearnOptions(over: Partial<LearnOptions> = {}): LearnOptions {
  return {
    epochs: 2,
    steps: 20,
    lr: 0.01,
    batch: 0,
    phases: [0.5, 0.3],
    sparsity: 1,
    l05Smoothing: 0.01,
    pruneThreshold: 0.05,
    perturbation: 0.1,
    divPenalty: 10,
    adaptive: null,
    evalSamples: 10,
    ...over,
  };
}
