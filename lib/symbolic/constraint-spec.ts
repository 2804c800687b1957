/**
 * Prior knowledge as written in a .pipe file, checked and turned into constraint specs:
 *
 *   symmetry(r1, r2)                     f(…a…b…) = f(…b…a…)
 *   odd(x) / even(x)                     f(…−x…) = −f(…x…) / f(…−x…) = f(…x…)
 *   monotone(r1, increasing [, on: {…}]) ∂f/∂r1 ≥ 0 (decreasing: ≤ 0)
 *   convex(s, on: {…}) / concave(s, …)   ∂²f/∂s² ≥ 0 / ≤ 0
 *   value(at: { r1: 0 }, equals: 0)      f = c on the set where r1 = 0
 *   bound(upper: min(r1, r2), lower: 0)  lower ≤ f ≤ upper; bounds are expressions of the inputs
 *
 * Every form takes `on: { var: lo..hi, … }` to narrow the sampling box (default: the stage's
 * domain) and `samples: n`. Problems come back as issues with the path of the offending value
 * (['constraints', i, 'args', 0], …) so the kernel can point at it in the .pipe file.
 */
import { parse, type MathNode } from 'mathjs';
import { didYouMean } from '../../dsl/diagnostics.js';
import { isCallValue as isCall, type CallValue as CallJs } from '../nn/call-value.js';

export type Box = [number, number][];

interface Common {
  /** Sampling box per variable (raw units). */
  on: Box;
  samples?: number;
  /** The .pipe text of the constraint, for reports. */
  label: string;
}

export type ConstraintSpec =
  | (Common & { type: 'symmetry'; vars: [number, number] })
  /** sign −1: odd in `variable`; +1: even. */
  | (Common & { type: 'parity'; variable: number; sign: 1 | -1 })
  | (Common & { type: 'monotone' | 'curvature'; variable: number; sign: 1 | -1 })
  | (Common & { type: 'value'; at: Record<number, number>; equals: number })
  | (Common & { type: 'bound'; upper?: string; lower?: string });

export interface SpecIssue {
  path: (string | number)[];
  message: string;
  hint?: string;
}

export const CONSTRAINT_NAMES = ['symmetry', 'odd', 'even', 'monotone', 'convex', 'concave', 'value', 'bound'];
const FUNCTIONS = ['min', 'max', 'abs', 'sqrt', 'exp', 'log', 'sin', 'cos', 'tanh', 'atan', 'pow'];

/**
 * Checks `values` (the stage's `constraints` list). Without `variables` (a check before the data
 * is known) only the shape is checked; with them, names are resolved and specs are built.
 */
export function parseConstraints(values: unknown[], variables: string[] | undefined, domain: Box | undefined): { specs: ConstraintSpec[]; issues: SpecIssue[] } {
  const specs: ConstraintSpec[] = [];
  const issues: SpecIssue[] = [];
  values.forEach((v, i) => {
    const at = (...p: (string | number)[]) => ['constraints', i, ...p];
    const bad = (path: (string | number)[], message: string, hint?: string) => issues.push({ path, message, ...(hint ? { hint } : {}) });
    if (!isCall(v)) return bad(at(), `a constraint is a call such as symmetry(a, b) or monotone(x, increasing)`, `known: ${CONSTRAINT_NAMES.join(', ')}`);
    if (!CONSTRAINT_NAMES.includes(v.name)) return bad(at(), `unknown constraint '${v.name}'`, didYouMean(v.name, CONSTRAINT_NAMES) ?? `known: ${CONSTRAINT_NAMES.join(', ')}`);
    const before = issues.length;
    const varIndex = (name: unknown, path: (string | number)[]): number => {
      if (typeof name !== 'string') return (bad(path, `expected a variable name, got ${JSON.stringify(name)}`), -1);
      if (!variables) return 0;
      const k = variables.indexOf(name);
      if (k < 0) bad(path, `unknown variable '${name}'`, `${didYouMean(name, variables) ?? ''} variables: ${variables.join(', ')}`.trim());
      return k;
    };
    const allowed = allowedKwargs(v.name);
    for (const k of Object.keys(v.kwargs)) if (!allowed.includes(k)) bad(at('kwargs', k), `'${v.name}' has no option '${k}'`, `options: ${allowed.join(', ')}`);
    const on = readBox(v, domain, variables, at, bad);
    const samples = v.kwargs.samples;
    if (samples !== undefined && !(typeof samples === 'number' && Number.isInteger(samples) && samples >= 1)) bad(at('kwargs', 'samples'), 'samples must be a positive integer');
    const common: Common = { on, label: callText(v), ...(typeof samples === 'number' ? { samples } : {}) };
    let spec: ConstraintSpec | undefined;
    switch (v.name) {
      case 'symmetry': {
        if (v.args.length !== 2) bad(at(), 'symmetry takes two variables: symmetry(a, b)');
        const a = varIndex(v.args[0], at('args', 0));
        const b = varIndex(v.args[1], at('args', 1));
        spec = { ...common, type: 'symmetry', vars: [a, b] };
        break;
      }
      case 'odd':
      case 'even': {
        if (v.args.length !== 1) bad(at(), `${v.name} takes one variable: ${v.name}(x)`);
        const variable = varIndex(v.args[0], at('args', 0));
        spec = { ...common, type: 'parity', variable, sign: v.name === 'odd' ? -1 : 1 };
        break;
      }
      case 'monotone':
      case 'convex':
      case 'concave': {
        const dirs = v.name === 'monotone' ? ['increasing', 'decreasing'] : [];
        if (v.args.length !== 1 + (dirs.length ? 1 : 0)) bad(at(), v.name === 'monotone' ? 'monotone takes a variable and a direction: monotone(x, increasing)' : `${v.name} takes one variable: ${v.name}(x)`);
        const variable = varIndex(v.args[0], at('args', 0));
        let sign: 1 | -1 = v.name === 'concave' ? -1 : 1;
        if (dirs.length) {
          const d = v.args[1];
          if (typeof d !== 'string' || !dirs.includes(d)) bad(at('args', 1), `direction must be increasing or decreasing, got ${JSON.stringify(d)}`);
          sign = d === 'decreasing' ? -1 : 1;
        }
        spec = { ...common, type: v.name === 'monotone' ? 'monotone' : 'curvature', variable, sign };
        break;
      }
      case 'value': {
        const fixed = v.kwargs.at;
        const equals = v.kwargs.equals;
        const atIdx: Record<number, number> = {};
        if (!isPlainMap(fixed) || !Object.keys(fixed).length) bad(at('kwargs', 'at'), 'value needs at: { variable: number, … }');
        else {
          for (const [name, x] of Object.entries(fixed)) {
            const k = varIndex(name, at('kwargs', 'at', name));
            if (typeof x !== 'number') bad(at('kwargs', 'at', name), `the value of '${name}' must be a number`);
            else if (k >= 0) atIdx[k] = x;
          }
        }
        if (typeof equals !== 'number') bad(at('kwargs', 'equals'), 'value needs equals: <number>');
        spec = { ...common, type: 'value', at: atIdx, equals: typeof equals === 'number' ? equals : 0 };
        break;
      }
      case 'bound': {
        const text = (key: 'upper' | 'lower'): string | undefined => {
          const e = v.kwargs[key];
          if (e === undefined) return undefined;
          const t = exprText(e);
          if (t === undefined) return (bad(at('kwargs', key), `${key} must be a number, a variable, a call like min(a, b) or an expression string`), undefined);
          let node: MathNode;
          try {
            node = parse(t);
          } catch (err) {
            return (bad(at('kwargs', key), `cannot read '${t}': ${(err as Error).message}`), undefined);
          }
          for (const name of symbolsOf(node)) {
            if (variables && !variables.includes(name)) bad(at('kwargs', key), `unknown variable '${name}' in '${t}'`, `${didYouMean(name, variables) ?? ''} variables: ${variables.join(', ')}`.trim());
          }
          return t;
        };
        const upper = text('upper');
        const lower = text('lower');
        if (v.kwargs.upper === undefined && v.kwargs.lower === undefined) bad(at(), 'bound needs upper: and/or lower:');
        spec = { ...common, type: 'bound', ...(upper ? { upper } : {}), ...(lower ? { lower } : {}) };
        break;
      }
    }
    if (spec && issues.length === before) specs.push(spec);
  });
  return { specs, issues };
}

function allowedKwargs(name: string): string[] {
  const common = ['on', 'samples'];
  if (name === 'value') return ['at', 'equals', ...common];
  if (name === 'bound') return ['upper', 'lower', ...common];
  return common;
}

function readBox(v: CallJs, domain: Box | undefined, variables: string[] | undefined, at: (...p: (string | number)[]) => (string | number)[], bad: (p: (string | number)[], m: string, h?: string) => void): Box {
  const box: Box = domain ? domain.map(([a, b]) => [a, b]) : [];
  const on = v.kwargs.on;
  if (on === undefined) return box;
  if (!isPlainMap(on)) return (bad(at('kwargs', 'on'), 'on must be a map { variable: lo..hi, … }'), box);
  for (const [name, r] of Object.entries(on)) {
    const k = variables ? variables.indexOf(name) : 0;
    if (k < 0) {
      bad(at('kwargs', 'on', name), `unknown variable '${name}'`, `${didYouMean(name, variables!) ?? ''} variables: ${variables!.join(', ')}`.trim());
      continue;
    }
    if (!isRange(r) || typeof r.from !== 'number' || typeof r.to !== 'number' || !(r.from <= r.to)) {
      bad(at('kwargs', 'on', name), `'${name}' needs a range lo..hi with lo ≤ hi`);
      continue;
    }
    if (variables) box[k] = [r.from, r.to];
  }
  return box;
}

/** `lo..hi` as dsl/values.ts encodes it (restated structurally: lib does not import dsl/values). */
function isRange(v: unknown): v is { from: unknown; to: unknown } {
  return typeof v === 'object' && v !== null && (v as { $kind?: unknown }).$kind === 'range';
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('$kind' in v);
}

/** A bound as mathjs text: numbers and names as they are, calls rebuilt, strings parsed later. */
function exprText(e: unknown): string | undefined {
  if (typeof e === 'number') return String(e);
  if (typeof e === 'string') return e;
  if (isCall(e) && !Object.keys(e.kwargs).length) {
    const args = e.args.map(exprText);
    return args.every((a) => a !== undefined) ? `${e.name}(${args.join(', ')})` : undefined;
  }
  return undefined;
}

function symbolsOf(node: MathNode): string[] {
  const names = new Set<string>();
  node.traverse((n, _path, parent) => {
    const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
    if (n.type === 'SymbolNode' && !isCallee && !FUNCTIONS.includes((n as unknown as { name: string }).name)) {
      names.add((n as unknown as { name: string }).name);
    }
  });
  return [...names];
}

/** `monotone(r1, increasing)` back as text, for reports. */
export function callText(v: unknown): string {
  if (isCall(v)) {
    const parts = [...v.args.map(callText), ...Object.entries(v.kwargs).map(([k, x]) => `${k}: ${callText(x)}`)];
    return `${v.name}(${parts.join(', ')})`;
  }
  if (isRange(v)) return `${callText(v.from)}..${callText(v.to)}`;
  if (isPlainMap(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${callText(x)}`).join(', ')} }`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
