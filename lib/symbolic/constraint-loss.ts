/**
 * Constraint losses on sampled points. Each constraint draws its points once per use (uniform in
 * its box, the `value` variables pinned), and its loss is the mean squared violation in the
 * network's scaled units, so it is zero exactly when the sampled points satisfy it:
 *
 *   symmetry   (f(p) − f(swap p))²             monotone   relu(−s·∂f/∂x)²
 *   odd/even   (f(p) ∓ f(p with x → −x))²
 *   value      (f(p) − c)²                      curvature  relu(−s·∂²f/∂x²)²  (central difference of ∂f/∂x)
 *   bound      relu(f − upper)² + relu(lower − f)²
 */
import type { RandomSource } from '../data/random.js';
import type { Box, ConstraintSpec } from './constraint-spec.js';
import { evaluateFormula } from './formula.js';
import { forward, type Layout, type SymNet } from './network.js';
import { Tape, type Node } from './tape.js';

export interface PreparedConstraint {
  spec: ConstraintSpec;
  cols: Float64Array[];
  /** Symmetry: the swapped points. Parity: the reflected points. Curvature: the points shifted by −h and +h. */
  alt?: Float64Array[][];
  /** Curvature step in scaled units. */
  h?: number;
  upper?: Float64Array;
  lower?: Float64Array;
  target?: number;
}

/** Default points per constraint when the constraint does not say `samples:`. */
export const DEFAULT_SAMPLES = 100;

export function prepareConstraint(spec: ConstraintSpec, net: SymNet, rng: RandomSource, samples = spec.samples ?? DEFAULT_SAMPLES): PreparedConstraint {
  const cols = sampleBox(spec.on, samples, rng);
  const pc: PreparedConstraint = { spec, cols };
  const s = net.outputScale;
  switch (spec.type) {
    case 'symmetry': {
      const [a, b] = spec.vars;
      const alt = cols.map((c) => c.slice());
      alt[a] = cols[b]!.slice();
      alt[b] = cols[a]!.slice();
      pc.alt = [alt];
      break;
    }
    case 'parity':
      pc.alt = [cols.map((c, j) => (j === spec.variable ? c.map((v) => -v) : c))];
      break;
    case 'value':
      for (const [k, x] of Object.entries(spec.at)) cols[Number(k)]!.fill(x);
      pc.target = spec.equals / s;
      break;
    case 'bound':
      if (spec.upper) pc.upper = evaluateFormula(spec.upper, net.inputs, cols).map((v) => v / s);
      if (spec.lower) pc.lower = evaluateFormula(spec.lower, net.inputs, cols).map((v) => v / s);
      break;
    case 'curvature': {
      const k = spec.variable;
      const [lo, hi] = spec.on[k]!;
      const scale = net.inputScale[k]!;
      pc.h = Math.max(1e-6, (0.01 * (hi - lo)) / scale);
      pc.alt = [-1, 1].map((dir) => cols.map((c, j) => (j === k ? c.map((v) => v + dir * pc.h! * scale) : c)));
      break;
    }
    case 'monotone':
      break;
  }
  return pc;
}

/** Records the constraint's loss (length-1 node) on `t`, plus the denominators it evaluated. */
export function constraintLoss(t: Tape, net: SymNet, lay: Layout, pc: PreparedConstraint): { loss: Node; denominators: Node[] } {
  const spec = pc.spec;
  const dens: Node[] = [];
  const run = (cols: Float64Array[], wrt?: number) => {
    const r = forward(t, net, lay, cols, wrt);
    dens.push(...r.denominators);
    return r;
  };
  let violation: Node;
  switch (spec.type) {
    case 'symmetry':
      violation = t.sub(run(pc.cols).y, run(pc.alt![0]!).y);
      break;
    case 'parity':
      // odd (sign −1): f(p) + f(−p); even: f(p) − f(−p).
      violation = t.add(run(pc.cols).y, t.scale(run(pc.alt![0]!).y, -spec.sign));
      break;
    case 'value':
      violation = t.sub(run(pc.cols).y, t.filled(pc.cols[0]!.length, pc.target!));
      break;
    case 'monotone':
      violation = t.relu(t.scale(run(pc.cols, spec.variable).dy!, -spec.sign));
      break;
    case 'curvature': {
      const [minus, plus] = pc.alt!.map((cols) => run(cols, spec.variable).dy!);
      violation = t.relu(t.scale(t.sub(plus!, minus!), -spec.sign / (2 * pc.h!)));
      break;
    }
    case 'bound': {
      const y = run(pc.cols).y;
      const parts: Node[] = [];
      if (pc.upper) parts.push(t.mean(t.square(t.relu(t.sub(y, t.constant(pc.upper))))));
      if (pc.lower) parts.push(t.mean(t.square(t.relu(t.sub(t.constant(pc.lower), y)))));
      return { loss: t.weightedSum(parts, parts.map(() => 1)), denominators: dens };
    }
  }
  return { loss: t.mean(t.square(violation)), denominators: dens };
}

/**
 * RMS violation of each constraint in units of the (scaled) target, no gradient. A derivative
 * violation is multiplied by the width of its box (a second derivative by the width squared):
 * the change of f across the box that the violation would make. Then every violation compares
 * with a data error, which the model selection relies on.
 */
export function violations(net: SymNet, lay: Layout, prepared: PreparedConstraint[]): number[] {
  return prepared.map((pc) => {
    const t = new Tape(net.params, new Float64Array(net.params.length), net.mask);
    const v = constraintLoss(t, net, lay, pc).loss.v[0]!;
    const spec = pc.spec;
    let length = 1;
    if (spec.type === 'monotone' || spec.type === 'curvature') {
      const [lo, hi] = spec.on[spec.variable]!;
      const width = (hi - lo) / net.inputScale[spec.variable]!;
      length = spec.type === 'monotone' ? width : width * width;
    }
    return Number.isFinite(v) ? Math.sqrt(v) * length : Infinity;
  });
}

export function sampleBox(box: Box, n: number, rng: RandomSource): Float64Array[] {
  return box.map(([lo, hi]) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = lo + (hi - lo) * rng.next();
    return c;
  });
}
