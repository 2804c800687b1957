/**
 * Test oracles for lib/bayesnet: seeded random networks, brute-force enumeration of the joint,
 * and the shared BIF files.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseBif, type BayesNet, type IndexedQuery } from '../../../lib/bayesnet/index.js';
import { mulberry32 } from '../../support/mulberry32.js';

/** ../shared/data/bif, relative to the repository root jest runs from. */
export const BIF_DIR = resolve(process.cwd(), '..', 'shared', 'data', 'bif');

export function readShared(name: string): BayesNet {
  return parseBif(readFileSync(resolve(BIF_DIR, `${name}.bif`), 'utf8'), `${name}.bif`);
}

export { mulberry32 };

/**
 * A random DAG over n variables (cardinalities 2–3, up to `maxParents` earlier variables as
 * parents, listed in a shuffled order so file order ≠ topological order). Some CPT entries are
 * exactly 0 and some rows deterministic (an entry of 1), the cases covariation treats specially.
 */
export function randomNetwork(seed: number, n: number, maxParents = 3): BayesNet {
  const rnd = mulberry32(seed);
  const cards = Array.from({ length: n }, () => 2 + Math.floor(rnd() * 2));
  const perm = Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
  const parentsTopo = cards.map((_, i) => {
    const ps: number[] = [];
    for (let j = 0; j < i; j++) if (ps.length < maxParents && rnd() < 0.45) ps.push(j);
    return ps;
  });
  // Variable at topological position i is stored at index perm[i].
  const variables = cards.map(() => ({ name: '', states: [] as string[], parents: [] as number[], cpt: new Float64Array(0) }));
  for (let i = 0; i < n; i++) {
    const idx = perm[i]!;
    const parents = parentsTopo[i]!.map((j) => perm[j]!);
    const rows = parentsTopo[i]!.reduce((r, j) => r * cards[j]!, 1);
    const card = cards[i]!;
    const cpt = new Float64Array(rows * card);
    for (let r = 0; r < rows; r++) {
      const u = rnd();
      if (u < 0.1) cpt[r * card + Math.floor(rnd() * card)] = 1;
      else {
        let s = 0;
        for (let x = 0; x < card; x++) {
          const w = u < 0.25 && x === 0 ? 0 : 0.05 + rnd();
          cpt[r * card + x] = w;
          s += w;
        }
        for (let x = 0; x < card; x++) cpt[r * card + x] /= s;
      }
    }
    variables[idx] = { name: `V${idx}`, states: Array.from({ length: card }, (_, s) => `s${s}`), parents, cpt };
  }
  return { name: `random-${seed}`, variables };
}

const joints = new WeakMap<BayesNet, Float64Array>();

/** The full joint table, row-major over all variables in index order (cached per network). */
function jointTable(net: BayesNet): Float64Array {
  let table = joints.get(net);
  if (table) return table;
  const n = net.variables.length;
  const cards = net.variables.map((v) => v.states.length);
  table = new Float64Array(cards.reduce((a, b) => a * b, 1));
  const x = new Int32Array(n);
  for (let k = 0; k < table.length; k++) {
    let p = 1;
    for (let i = 0; i < n && p !== 0; i++) {
      const v = net.variables[i]!;
      let row = 0;
      for (const pa of v.parents) row = row * cards[pa]! + x[pa]!;
      p *= v.cpt[row * cards[i]! + x[i]!]!;
    }
    table[k] = p;
    for (let i = n - 1; i >= 0 && ++x[i]! === cards[i]!; i--) x[i] = 0;
  }
  joints.set(net, table);
  return table;
}

/** P(target = t, evidence) for every t by summing the full joint. */
export function bruteForceJoint(net: BayesNet, q: Omit<IndexedQuery, 'targetState'>): Float64Array {
  const n = net.variables.length;
  const cards = net.variables.map((v) => v.states.length);
  const table = jointTable(net);
  const x = new Int32Array(n);
  const out = new Float64Array(cards[q.target]!);
  for (let k = 0; k < table.length; k++) {
    let ok = true;
    for (const [v, s] of q.evidence) if (x[v] !== s) ok = false;
    if (ok) out[x[q.target]!] += table[k]!;
    for (let i = n - 1; i >= 0 && ++x[i]! === cards[i]!; i--) x[i] = 0;
  }
  return out;
}

/** A random query on `net`: a target, and up to `maxEvidence` other observed variables. */
export function randomQuery(net: BayesNet, rnd: () => number, maxEvidence: number): IndexedQuery {
  const n = net.variables.length;
  const target = Math.floor(rnd() * n);
  const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== target).sort(() => rnd() - 0.5);
  const k = Math.floor(rnd() * (maxEvidence + 1));
  const evidence = others.slice(0, k).map((v) => [v, Math.floor(rnd() * net.variables[v]!.states.length)] as [number, number]);
  return { target, targetState: Math.floor(rnd() * net.variables[target]!.states.length), evidence };
}

/** max |a − b| / max(|b|, floor): a relative error that does not explode near zero. */
export function relErr(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}
