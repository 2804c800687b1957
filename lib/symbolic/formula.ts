/**
 * A (pruned) network read as a formula: each live linear combination becomes a sum of
 * coefficient × argument terms, each unit wraps its arguments, the fixed input/output scales
 * are folded into the first and last coefficients. mathjs then simplifies the text and gives
 * LaTeX. Only weights that reach the output are written (sparsity.activeWeights).
 */
import { parse, simplify, type MathNode } from 'mathjs';
import { layoutOf, type LinearSlot, type SymNet } from './network.js';
import { activeWeights } from './sparsity.js';
import { unitDef } from './units.js';

export interface Formula {
  /** Simplified mathjs text in the input variables. */
  text: string;
  latex: string;
  /** The unsimplified text the network reads as. */
  raw: string;
  /** Nodes in the simplified expression tree. */
  size: number;
}

/** Simplification is skipped above this many characters (mathjs slows down badly on large trees). */
export const SIMPLIFY_LIMIT = 4000;

export function formulaText(net: SymNet, digits = 12): string {
  const lay = layoutOf(net);
  const act = activeWeights(net);
  const num = (c: number) => {
    const s = Number(c.toPrecision(digits)).toString();
    return c < 0 ? `(${s})` : s;
  };
  const combo = (s: LinearSlot, args: string[], factor: number[], outFactor: number): string => {
    const terms: string[] = [];
    for (let i = 0; i < s.fanIn; i++) {
      if (!act[s.off + i]) continue;
      terms.push(`${num(net.params[s.off + i]! * factor[i]! * outFactor)} * ${args[i]}`);
    }
    if (act[s.off + s.fanIn]) terms.push(num(net.params[s.off + s.fanIn]! * outFactor));
    return terms.length ? terms.join(' + ') : '0';
  };
  let args = net.inputs.slice();
  let factor = net.inputScale.map((s) => 1 / s);
  const inputFactor = factor;
  net.layers.forEach((units, l) => {
    const unitArgs = units.map((name, u) => {
      const def = unitDef(name);
      const slots = lay.unitSlots[l]![u]!;
      if (name === 'div' && cutDivision(net, slots[1]!, act)) return '0';
      return `(${def.formula(slots.map((s) => `(${combo(s, args, factor, 1)})`))})`;
    });
    args = net.skip ? [...unitArgs, ...net.inputs] : unitArgs;
    factor = net.skip ? [...units.map(() => 1), ...inputFactor] : units.map(() => 1);
  });
  return combo(lay.output, args, factor, net.outputScale);
}

/** A denominator with no live input weights is a constant; at or below the threshold the network outputs 0. */
function cutDivision(net: SymNet, den: LinearSlot, act: Uint8Array): boolean {
  for (let i = 0; i < den.fanIn; i++) if (act[den.off + i]) return false;
  const bias = act[den.off + den.fanIn] ? net.params[den.off + den.fanIn]! : 0;
  return !(bias > net.divThreshold);
}

export function simplifyFormula(raw: string): Formula {
  let node: MathNode = parse(raw);
  if (raw.length <= SIMPLIFY_LIMIT) {
    try {
      node = simplify(node, {}, { exactFractions: false });
    } catch {
      // mathjs gives up on some trees; the unsimplified formula is still right.
    }
  }
  let size = 0;
  node.traverse(() => size++);
  return { text: node.toString(), latex: node.toTex(), raw, size };
}

export function extractFormula(net: SymNet, digits = 12): Formula {
  return simplifyFormula(formulaText(net, digits));
}

/** Evaluates a formula on column data (raw units). */
export function evaluateFormula(text: string, inputs: string[], cols: Float64Array[]): Float64Array {
  const code = parse(text).compile();
  const n = cols[0]?.length ?? 0;
  const out = new Float64Array(n);
  const scope: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    inputs.forEach((name, j) => (scope[name] = cols[j]![i]!));
    const v = code.evaluate(scope);
    out[i] = typeof v === 'number' ? v : NaN;
  }
  return out;
}
