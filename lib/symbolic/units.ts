/**
 * The elementary units of a symbolic network. Each unit reads one or two linear combinations of
 * the previous layer (its arguments) and knows three things: its value on the tape, its
 * forward-mode tangent (for input gradients), and how it reads as a formula.
 */
import type { Node, Tape } from './tape.js';

export interface UnitDef {
  name: string;
  arity: 1 | 2;
  apply(t: Tape, z: Node[], divThreshold: number): Node;
  /** d(unit)/d(input) given the arguments' tangents `dz` and the unit's value `y`. */
  tangent(t: Tape, z: Node[], dz: Node[], y: Node, divThreshold: number): Node;
  /** mathjs text; arguments arrive parenthesised. */
  formula(args: string[]): string;
  /** True for units whose output is its argument (pruning may bypass them). */
  identity?: boolean;
}

const unit = (u: UnitDef): UnitDef => u;

export const UNITS: Record<string, UnitDef> = {
  ident: unit({
    name: 'ident',
    arity: 1,
    identity: true,
    apply: (_t, [a]) => a!,
    tangent: (_t, _z, [da]) => da!,
    formula: ([a]) => a!,
  }),
  mul: unit({
    name: 'mul',
    arity: 2,
    apply: (t, [a, b]) => t.mul(a!, b!),
    tangent: (t, [a, b], [da, db]) => t.add(t.mul(da!, b!), t.mul(a!, db!)),
    formula: ([a, b]) => `${a} * ${b}`,
  }),
  div: unit({
    name: 'div',
    arity: 2,
    apply: (t, [a, b], thr) => t.safeDiv(a!, b!, thr),
    // (a/b)' = (a' − (a/b)·b') / b; safeDiv zeroes it where the value itself is cut.
    tangent: (t, [, b], [da, db], y, thr) => t.safeDiv(t.sub(da!, t.mul(y, db!)), b!, thr),
    formula: ([a, b]) => `${a} / ${b}`,
  }),
  sin: unit({
    name: 'sin',
    arity: 1,
    apply: (t, [a]) => t.sin(a!),
    tangent: (t, [a], [da]) => t.mul(t.cos(a!), da!),
    formula: ([a]) => `sin(${a})`,
  }),
  cos: unit({
    name: 'cos',
    arity: 1,
    apply: (t, [a]) => t.cos(a!),
    tangent: (t, [a], [da]) => t.scale(t.mul(t.sin(a!), da!), -1),
    formula: ([a]) => `cos(${a})`,
  }),
  tanh: unit({
    name: 'tanh',
    arity: 1,
    apply: (t, [a]) => t.tanh(a!),
    tangent: (t, _z, [da], y) => t.mul(t.unary(y, (v) => 1 - v * v, (v) => -2 * v), da!),
    formula: ([a]) => `tanh(${a})`,
  }),
  atan: unit({
    name: 'atan',
    arity: 1,
    apply: (t, [a]) => t.atan(a!),
    tangent: (t, [a], [da]) => t.mul(t.unary(a!, (v) => 1 / (1 + v * v), (v) => (-2 * v) / (1 + v * v) ** 2), da!),
    formula: ([a]) => `atan(${a})`,
  }),
  square: unit({
    name: 'square',
    arity: 1,
    apply: (t, [a]) => t.square(a!),
    tangent: (t, [a], [da]) => t.scale(t.mul(a!, da!), 2),
    formula: ([a]) => `${a} ^ 2`,
  }),
  // Odd powers: rational forms such as x/(x² + c)³ (a force that decays as a power of the
  // distance) are out of reach of square and mul alone in fewer than four layers.
  cube: unit({
    name: 'cube',
    arity: 1,
    apply: (t, [a]) => t.unary(a!, (x) => x * x * x, (x) => 3 * x * x),
    tangent: (t, [a], [da]) => t.mul(t.unary(a!, (x) => 3 * x * x, (x) => 6 * x), da!),
    formula: ([a]) => `${a} ^ 3`,
  }),
};

export const UNIT_NAMES = Object.keys(UNITS);

export function unitDef(name: string): UnitDef {
  const u = UNITS[name];
  if (!u) throw new Error(`unknown unit '${name}' (valid units: ${UNIT_NAMES.join(', ')})`);
  return u;
}
