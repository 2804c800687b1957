/**
 * The training objective on one tape: data RMSE (scaled units) + Σ w_c·L_c over the constraints +
 * a penalty on division denominators below the threshold (on data and constraint points alike,
 * so a pole cannot hide just outside the training range).
 */
import { constraintLoss, type PreparedConstraint } from './constraint-loss.js';
import { forward, type Layout, type SymNet } from './network.js';
import { Tape, type Node } from './tape.js';

export interface Batch {
  cols: Float64Array[];
  /** Targets divided by the network's outputScale. */
  y: Float64Array;
}

export interface ObjectiveValue {
  rmse: number;
  constraintLosses: number[];
  divPenalty: number;
  total: number;
}

export function scaledBatch(net: SymNet, cols: Float64Array[], y: ArrayLike<number>): Batch {
  return { cols, y: Float64Array.from(y, (v) => v / net.outputScale) };
}

/** Value of the objective; with `grad`, also its gradient (accumulated into `grad`). */
export function objective(net: SymNet, lay: Layout, batch: Batch, prepared: PreparedConstraint[], weights: number[], divPenaltyWeight: number, grad?: Float64Array): ObjectiveValue {
  const t = new Tape(net.params, grad ?? new Float64Array(net.params.length), net.mask);
  const data = forward(t, net, lay, batch.cols);
  const rmse = t.sqrt(t.mean(t.square(t.sub(data.y, t.constant(batch.y)))));
  const dens: Node[] = [...data.denominators];
  const losses = prepared.map((pc) => {
    const r = constraintLoss(t, net, lay, pc);
    dens.push(...r.denominators);
    return r.loss;
  });
  const thr = net.divThreshold;
  const pole = dens.map((d) => t.mean(t.unary(d, (v) => (v < thr ? thr - v : 0), (v) => (v < thr ? -1 : 0))));
  const poleSum = t.weightedSum(pole, pole.map(() => 1));
  const total = t.weightedSum([rmse, ...losses, poleSum], [1, ...weights, divPenaltyWeight]);
  if (grad) t.backward(total);
  return { rmse: rmse.v[0]!, constraintLosses: losses.map((l) => l.v[0]!), divPenalty: poleSum.v[0]!, total: total.v[0]! };
}
