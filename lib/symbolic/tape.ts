/**
 * A small reverse-mode autodiff tape over Float64 vectors (one entry per sample point), with the
 * parameters as one flat Float64Array. Symbolic networks are tiny (tens of units, hundreds of
 * points), so plain typed-array loops beat tensor dispatch, keep float64 precision for formula
 * constants, and let the input-gradient used by monotonicity constraints be written as ordinary
 * tape ops (forward-mode tangents), whose parameter gradient then comes out of the same backward
 * pass — a second-order derivative without nested tapes.
 */

export interface Node {
  readonly v: Float64Array;
  /** Adjoint, allocated on first use. */
  g: Float64Array | null;
  /** False for data and constants: backward skips everything that cannot reach a parameter. */
  readonly req: boolean;
  back: (() => void) | null;
}

export class Tape {
  private readonly nodes: Node[] = [];

  /**
   * @param theta parameters; read by `linear`
   * @param gTheta their gradient, accumulated by `backward`
   * @param mask 0 marks a pruned weight: it is skipped and gets no gradient
   */
  constructor(
    readonly theta: Float64Array,
    readonly gTheta: Float64Array,
    readonly mask: Uint8Array | null = null,
  ) {}

  constant(v: Float64Array): Node {
    return { v, g: null, req: false, back: null };
  }

  filled(n: number, value: number): Node {
    return this.constant(new Float64Array(n).fill(value));
  }

  private node(v: Float64Array, req: boolean): Node {
    const n: Node = { v, g: null, req, back: null };
    if (req) this.nodes.push(n);
    return n;
  }

  /** Σ_i θ[off+i]·inputs[i] (+ θ[off+k] when `bias`), skipping masked weights. */
  linear(inputs: Node[], off: number, bias = true): Node {
    const n = inputs[0]?.v.length ?? 1;
    const out = new Float64Array(n);
    const { theta, mask } = this;
    const live: number[] = [];
    for (let i = 0; i < inputs.length; i++) {
      if (mask && !mask[off + i]) continue;
      live.push(i);
      const w = theta[off + i]!;
      const a = inputs[i]!.v;
      for (let p = 0; p < n; p++) out[p] += w * a[p]!;
    }
    const hasBias = bias && (!mask || mask[off + inputs.length] === 1);
    if (hasBias) {
      const b = theta[off + inputs.length]!;
      for (let p = 0; p < n; p++) out[p] += b;
    }
    const node = this.node(out, true);
    node.back = () => {
      const g = node.g!;
      const gt = this.gTheta;
      for (const i of live) {
        const inp = inputs[i]!;
        const a = inp.v;
        let s = 0;
        for (let p = 0; p < n; p++) s += g[p]! * a[p]!;
        gt[off + i] += s;
        if (inp.req) {
          const w = theta[off + i]!;
          const ga = adj(inp);
          for (let p = 0; p < n; p++) ga[p] += w * g[p]!;
        }
      }
      if (hasBias) {
        let s = 0;
        for (let p = 0; p < n; p++) s += g[p]!;
        gt[off + inputs.length] += s;
      }
    };
    return node;
  }

  add(a: Node, b: Node): Node {
    return this.binary(a, b, (x, y) => x + y, (_x, _y, g) => g, (_x, _y, g) => g);
  }

  sub(a: Node, b: Node): Node {
    return this.binary(a, b, (x, y) => x - y, (_x, _y, g) => g, (_x, _y, g) => -g);
  }

  mul(a: Node, b: Node): Node {
    return this.binary(a, b, (x, y) => x * y, (_x, y, g) => g * y, (x, _y, g) => g * x);
  }

  /**
   * a / b where b > threshold, else 0 (EQL÷'s safe division): the pole is cut out of the
   * function, and a separate penalty (see objective) pushes denominators back above it.
   */
  safeDiv(a: Node, b: Node, threshold: number): Node {
    return this.binary(
      a,
      b,
      (x, y) => (y > threshold ? x / y : 0),
      (_x, y, g) => (y > threshold ? g / y : 0),
      (x, y, g) => (y > threshold ? (-g * x) / (y * y) : 0),
    );
  }

  scale(a: Node, c: number): Node {
    return this.unary(a, (x) => c * x, () => c);
  }

  /** Elementwise function with its derivative (given x and f(x)). */
  unary(a: Node, f: (x: number) => number, df: (x: number, y: number) => number): Node {
    const n = a.v.length;
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) out[p] = f(a.v[p]!);
    const node = this.node(out, a.req);
    if (a.req) {
      node.back = () => {
        const g = node.g!;
        const ga = adj(a);
        for (let p = 0; p < n; p++) ga[p] += g[p]! * df(a.v[p]!, out[p]!);
      };
    }
    return node;
  }

  sin(a: Node): Node {
    return this.unary(a, Math.sin, Math.cos);
  }
  cos(a: Node): Node {
    return this.unary(a, Math.cos, (x) => -Math.sin(x));
  }
  tanh(a: Node): Node {
    return this.unary(a, Math.tanh, (_x, y) => 1 - y * y);
  }
  atan(a: Node): Node {
    return this.unary(a, Math.atan, (x) => 1 / (1 + x * x));
  }
  square(a: Node): Node {
    return this.unary(a, (x) => x * x, (x) => 2 * x);
  }
  sqrt(a: Node): Node {
    return this.unary(a, Math.sqrt, (_x, y) => (y > 0 ? 0.5 / y : 0));
  }
  relu(a: Node): Node {
    return this.unary(a, (x) => (x > 0 ? x : 0), (x) => (x > 0 ? 1 : 0));
  }
  mean(a: Node): Node {
    const n = a.v.length;
    let s = 0;
    for (let p = 0; p < n; p++) s += a.v[p]!;
    const node = this.node(Float64Array.of(n ? s / n : 0), a.req);
    if (a.req) {
      node.back = () => {
        const g = node.g![0]! / n;
        const ga = adj(a);
        for (let p = 0; p < n; p++) ga[p] += g;
      };
    }
    return node;
  }

  /** Σ_k c_k·s_k over length-1 nodes. */
  weightedSum(terms: Node[], weights: number[]): Node {
    let s = 0;
    terms.forEach((t, k) => (s += weights[k]! * t.v[0]!));
    const req = terms.some((t) => t.req);
    const node = this.node(Float64Array.of(s), req);
    if (req) {
      node.back = () => {
        const g = node.g![0]!;
        terms.forEach((t, k) => {
          if (t.req) adj(t)[0] += weights[k]! * g;
        });
      };
    }
    return node;
  }

  /** Seeds d(out)/d(out) = 1 (out has length 1) and runs every recorded op backwards. */
  backward(out: Node): void {
    if (!out.req) return;
    adj(out)[0] = 1;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (n.g && n.back) n.back();
    }
    if (this.mask) for (let i = 0; i < this.gTheta.length; i++) if (!this.mask[i]) this.gTheta[i] = 0;
  }

  private binary(
    a: Node,
    b: Node,
    f: (x: number, y: number) => number,
    da: (x: number, y: number, g: number) => number,
    db: (x: number, y: number, g: number) => number,
  ): Node {
    const n = a.v.length;
    if (b.v.length !== n) throw new Error(`tape: operands of length ${n} and ${b.v.length}`);
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) out[p] = f(a.v[p]!, b.v[p]!);
    const req = a.req || b.req;
    const node = this.node(out, req);
    if (req) {
      node.back = () => {
        const g = node.g!;
        if (a.req) {
          const ga = adj(a);
          for (let p = 0; p < n; p++) ga[p] += da(a.v[p]!, b.v[p]!, g[p]!);
        }
        if (b.req) {
          const gb = adj(b);
          for (let p = 0; p < n; p++) gb[p] += db(a.v[p]!, b.v[p]!, g[p]!);
        }
      };
    }
    return node;
  }
}

function adj(n: Node): Float64Array {
  return (n.g ??= new Float64Array(n.v.length));
}
