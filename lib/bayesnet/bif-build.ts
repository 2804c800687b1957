/**
 * Raw BIF document → `BayesNet`, with every semantic check as a diagnostic that points at the
 * text: duplicate or unknown names (with a "did you mean"), state counts, CPT lengths, rows that
 * do not sum to 1, missing or duplicate rows, and cycles.
 *
 * A conditional `table` lists values with the child slowest and the parents after it, last
 * parent fastest (the JavaBayes/pgmpy convention); `(a, b) ...` rows and `default` give one row.
 */
import { didYouMean, type Diagnostic } from '../../dsl/diagnostics.js';
import { BIF_CODES, diagnosticFactory, type Span } from './bif-codes.js';
import type { BifDocument, Named, NumberList, ProbabilityDecl } from './bif-parser.js';
import type { BayesNet, BayesVariable } from './model.js';
import { findCycle } from './graph.js';

export interface BuildOptions {
  /** Largest accepted |row sum − 1|. The repository files reach 3e-7 (pathfinder). */
  sumTolerance?: number;
  /** Rescale rows that pass the tolerance so they sum to 1 exactly (covariation needs it). */
  normalize?: boolean;
}

type Diag = ReturnType<typeof diagnosticFactory>;

export function buildBayesNet(
  doc: BifDocument,
  text: string,
  file: string,
  opts: BuildOptions = {},
): { net: BayesNet; diagnostics: Diagnostic[] } {
  const tol = opts.sumTolerance ?? 1e-5;
  const diag = diagnosticFactory(text, file);
  const out: Diagnostic[] = [];
  const index = new Map<string, number>();
  const variables: BayesVariable[] = [];
  const declSpan: Span[] = [];

  for (const v of doc.variables) {
    if (index.has(v.name)) {
      out.push(diag(BIF_CODES.duplicateVariable, v.span, `variable '${v.name}' is declared twice`));
      continue;
    }
    checkStates(v.name, v.states, v.declaredCount, diag, out, v.span);
    index.set(v.name, variables.length);
    declSpan.push(v.span);
    variables.push({
      name: v.name,
      states: v.states.map((s) => s.name),
      parents: [],
      cpt: new Float64Array(0),
      ...(v.properties.length ? { properties: v.properties } : {}),
    });
  }

  const seen = new Map<number, ProbabilityDecl>();
  const probSpan: Span[] = [];
  for (const p of doc.probabilities) {
    const child = resolveVariable(p.child, index, diag, out);
    const parents = p.parents.map((n) => resolveVariable(n, index, diag, out));
    if (child === undefined || parents.some((x) => x === undefined)) continue;
    if (seen.has(child)) {
      out.push(diag(BIF_CODES.duplicateProbability, p.child.span, `a second probability block for '${p.child.name}'`));
      continue;
    }
    seen.set(child, p);
    probSpan[child] = p.child.span;
    const v = variables[child]!;
    v.parents = parents as number[];
    v.cpt = buildCpt(p, v, variables, tol, opts.normalize ?? true, diag, out);
  }

  variables.forEach((v, i) => {
    if (!seen.has(i)) {
      out.push(diag(BIF_CODES.missingProbability, declSpan[i]!, `variable '${v.name}' has no probability block`));
    }
  });

  const found = findCycle(variables.map((v) => v.parents));
  if (found) {
    // Start the cycle at its first variable in file order, so the report does not depend on the search.
    const first = found.indexOf(Math.min(...found));
    const cycle = [...found.slice(first), ...found.slice(0, first)];
    const names = [...cycle, cycle[0]!].map((i) => variables[i]!.name).join(' → ');
    out.push(diag(BIF_CODES.cycle, probSpan[cycle[0]!] ?? declSpan[cycle[0]!]!, `the network has a cycle: ${names}`, 'a Bayesian network must be a directed acyclic graph'));
  }

  return { net: { name: doc.name, variables, ...(doc.properties.length ? { properties: doc.properties } : {}) }, diagnostics: out };
}

function checkStates(
  name: string,
  states: Named[],
  declared: { value: number; span: Span } | undefined,
  diag: Diag,
  out: Diagnostic[],
  span: Span,
): void {
  if (states.length === 0) {
    out.push(diag(BIF_CODES.emptyDomain, span, `variable '${name}' has no states`));
    return;
  }
  if (declared && declared.value !== states.length) {
    out.push(diag(BIF_CODES.stateCount, declared.span, `variable '${name}' declares ${declared.value} states but lists ${states.length}`));
  }
  const seen = new Set<string>();
  for (const s of states) {
    if (seen.has(s.name)) out.push(diag(BIF_CODES.stateCount, s.span, `state '${s.name}' of '${name}' is listed twice`));
    seen.add(s.name);
  }
}

function resolveVariable(n: Named, index: Map<string, number>, diag: Diag, out: Diagnostic[]): number | undefined {
  const i = index.get(n.name);
  if (i === undefined) {
    out.push(diag(BIF_CODES.unknownVariable, n.span, `unknown variable '${n.name}'`, didYouMean(n.name, index.keys())));
  }
  return i;
}

function buildCpt(
  p: ProbabilityDecl,
  v: BayesVariable,
  variables: BayesVariable[],
  tol: number,
  normalize: boolean,
  diag: Diag,
  out: Diagnostic[],
): Float64Array {
  const card = v.states.length;
  const parentVars = v.parents.map((i) => variables[i]!);
  const rows = parentVars.reduce((n, pv) => n * pv.states.length, 1);
  const cpt = new Float64Array(rows * card);
  const filled = new Uint8Array(rows);
  const rowSpan: Span[] = new Array(rows);
  let defaultRow: { numbers: NumberList; span: Span } | undefined;

  const numbersOk = (nums: NumberList, expected: number, what: string): boolean => {
    if (nums.values.length !== expected) {
      out.push(diag(BIF_CODES.wrongLength, nums.span, `${what} of '${v.name}' has ${nums.values.length} values, expected ${expected}`, lengthHint(v, parentVars)));
      return false;
    }
    let ok = true;
    nums.values.forEach((x, k) => {
      if (!(x >= 0 && x <= 1)) {
        out.push(diag(BIF_CODES.badNumber, nums.spans[k]!, `probability ${x} of '${v.name}' is not in [0, 1]`));
        ok = false;
      }
    });
    return ok;
  };

  for (const e of p.entries) {
    if (e.kind === 'table') {
      if (!numbersOk(e.numbers, rows * card, 'the table')) continue;
      // Child slowest in the file; transpose to rows of |X|.
      for (let x = 0; x < card; x++) for (let r = 0; r < rows; r++) cpt[r * card + x] = e.numbers.values[x * rows + r]!;
      filled.fill(1);
      rowSpan.fill(e.span);
    } else if (e.kind === 'default') {
      if (numbersOk(e.numbers, card, 'the default row')) defaultRow = { numbers: e.numbers, span: e.span };
    } else {
      const r = rowOf(e.condition, v, parentVars, diag, out);
      if (r === undefined || !numbersOk(e.numbers, card, 'the row')) continue;
      if (filled[r]) out.push(diag(BIF_CODES.duplicateRow, e.span, `row (${e.condition.map((c) => c.name).join(', ')}) of '${v.name}' is given twice`));
      cpt.set(e.numbers.values, r * card);
      filled[r] = 1;
      rowSpan[r] = e.span;
    }
  }

  for (let r = 0; r < rows; r++) {
    if (filled[r]) continue;
    if (defaultRow) {
      cpt.set(defaultRow.numbers.values, r * card);
      rowSpan[r] = defaultRow.span;
      continue;
    }
    out.push(diag(BIF_CODES.missingRow, p.span, `'${v.name}' has no row for (${describeRow(r, parentVars)}) and no default`));
    return cpt;
  }

  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let x = 0; x < card; x++) s += cpt[r * card + x]!;
    if (Math.abs(s - 1) > tol) {
      const where = rows > 1 ? ` row (${describeRow(r, parentVars)})` : '';
      out.push(diag(BIF_CODES.rowSum, rowSpan[r]!, `probabilities of '${v.name}'${where} sum to ${s}, not 1`, `tolerance ${tol}`));
    } else if (normalize && s !== 1) {
      for (let x = 0; x < card; x++) cpt[r * card + x] = cpt[r * card + x]! / s;
    }
  }
  return cpt;
}

function rowOf(cond: Named[], v: BayesVariable, parents: BayesVariable[], diag: Diag, out: Diagnostic[]): number | undefined {
  if (cond.length !== parents.length) {
    const span = { start: cond[0]!.span.start, end: cond[cond.length - 1]!.span.end };
    out.push(diag(BIF_CODES.wrongLength, span, `a row of '${v.name}' names ${cond.length} parent states, expected ${parents.length}`));
    return undefined;
  }
  let r = 0;
  for (let k = 0; k < parents.length; k++) {
    const pv = parents[k]!;
    const s = pv.states.indexOf(cond[k]!.name);
    if (s < 0) {
      out.push(diag(BIF_CODES.unknownState, cond[k]!.span, `'${cond[k]!.name}' is not a state of '${pv.name}'`, didYouMean(cond[k]!.name, pv.states) ?? `states: ${pv.states.join(', ')}`));
      return undefined;
    }
    r = r * pv.states.length + s;
  }
  return r;
}

function describeRow(r: number, parents: BayesVariable[]): string {
  const parts: string[] = [];
  for (let k = parents.length - 1; k >= 0; k--) {
    const c = parents[k]!.states.length;
    parts.unshift(`${parents[k]!.name}=${parents[k]!.states[r % c]}`);
    r = Math.floor(r / c);
  }
  return parts.join(', ');
}

function lengthHint(v: BayesVariable, parents: BayesVariable[]): string {
  const dims = [v, ...parents].map((x) => `${x.states.length} (${x.name})`).join(' × ');
  return `sizes: ${dims}`;
}
