/**
 * Adaptive term weights: each weighted term's share of the loss is tied to the recent data
 * error. With RMSE̅ the mean of the last `window` training RMSEs, weight w_c is set so that
 * w_c·L_c = ratio·RMSE̅. A constraint that is being met keeps (up to `max`) the pull it needs
 * to stay met; one that is badly broken cannot drown the data term. A term at exactly zero keeps
 * its weight (its gradient is zero anyway). The same rule scales the sparsity penalty.
 */
export interface AdaptiveOptions {
  window: number;
  ratio: number;
  /**
   * Violations below tolerance·RMSE̅ (RMS) stop raising the weight: without this floor the rule
   * trades a 10× smaller violation for a 10× larger data error, however tiny the violation.
   */
  tolerance: number;
  min: number;
  max: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveOptions = { window: 10, ratio: 0.5, tolerance: 0.1, min: 1e-12, max: 1e6 };

export class AdaptiveWeights {
  readonly weights: number[];
  private readonly recent: number[] = [];

  constructor(
    count: number,
    readonly o: AdaptiveOptions = DEFAULT_ADAPTIVE,
    initial = 1,
  ) {
    this.weights = new Array<number>(count).fill(initial);
  }

  /** Records one RMSE and the current raw constraint losses; returns the new weights. */
  update(rmse: number, losses: number[]): number[] {
    if (Number.isFinite(rmse)) {
      this.recent.push(rmse);
      if (this.recent.length > this.o.window) this.recent.shift();
    }
    if (!this.recent.length) return this.weights;
    const mean = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const target = this.o.ratio * mean;
    const floor = (this.o.tolerance * mean) ** 2;
    losses.forEach((l, c) => {
      if (l > 0 && Number.isFinite(l)) this.weights[c] = Math.min(this.o.max, Math.max(this.o.min, target / Math.max(l, floor)));
    });
    return this.weights;
  }

  /** Mean of the recent RMSE window (NaN before the first update). */
  get meanRmse(): number {
    return this.recent.length ? this.recent.reduce((a, b) => a + b, 0) / this.recent.length : NaN;
  }
}
