/**
 * Adam over one Float64Array of parameters with a 0/1 mask (pruned weights stay at zero). The
 * tfjs optimizers in lib/nn work on tf.Variables; this one serves the float64 tape.
 *
 * The gradient is clipped to a global norm first: a freshly perturbed network far outside the
 * data can produce a gradient 10⁴× the usual one, and Adam's second moment would then remember it
 * for thousands of steps, freezing exactly the weights that most need to move.
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    readonly clipNorm = 1,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(params: Float64Array, grad: Float64Array, lr: number, mask?: Uint8Array): void {
    this.t++;
    const { beta1: b1, beta2: b2 } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    let norm = 0;
    for (let i = 0; i < grad.length; i++) if ((!mask || mask[i]) && Number.isFinite(grad[i]!)) norm += grad[i]! ** 2;
    norm = Math.sqrt(norm);
    const k = norm > this.clipNorm ? this.clipNorm / norm : 1;
    for (let i = 0; i < params.length; i++) {
      if (mask && !mask[i]) continue;
      const g = grad[i]! * k;
      if (!Number.isFinite(g)) continue;
      this.m[i] = b1 * this.m[i]! + (1 - b1) * g;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g;
      params[i] -= (lr * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + this.eps);
    }
  }
}
