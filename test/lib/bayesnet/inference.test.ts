import {
  BayesQueryError,
  createEngine,
  infer,
  QUERY_CODES,
  resolveQuery,
  type BayesNet,
  type IndexedQuery,
} from '../../../lib/bayesnet/index.js';
import { greedyOrder } from '../../../lib/bayesnet/elimination-order.js';
import { bruteForceJoint, mulberry32, randomNetwork, randomQuery, readShared } from './helpers.js';

/** Largest |a − b| over the posterior and over P(e), against enumeration of the joint. */
function worstError(net: BayesNet, q: IndexedQuery): number {
  const joint = bruteForceJoint(net, q);
  const pe = joint.reduce((a, b) => a + b, 0);
  if (pe === 0) return 0; // checked separately: zero evidence must throw
  const got = infer(net, q);
  let worst = Math.abs(got.evidenceProbability - pe);
  got.posterior.forEach((p, t) => (worst = Math.max(worst, Math.abs(p - joint[t]! / pe))));
  return worst;
}

describe('exact inference by variable elimination', () => {
  // Enumeration sums the same products in another order: agreement to 1e-12 (well above the
  // ~1e-16 · #terms rounding of either) shows the contraction is the exact joint marginal.
  it('matches brute-force enumeration on asia, every target with several evidence sets', () => {
    const asia = readShared('asia');
    const evidenceSets: Record<string, string>[] = [{}, { xray: 'yes' }, { xray: 'yes', smoke: 'no' }, { dysp: 'yes', asia: 'yes' }, { either: 'no', bronc: 'yes' }];
    for (const v of asia.variables) {
      for (const evidence of evidenceSets) {
        if (v.name in evidence) continue;
        const q = resolveQuery(asia, { target: `${v.name}=${v.states[0]}`, evidence });
        expect(worstError(asia, q)).toBeLessThan(1e-12);
      }
    }
  });

  it('reproduces a textbook asia posterior', () => {
    const asia = readShared('asia');
    // P(lung = yes) = 0.5·0.1 + 0.5·0.01 = 0.055 (no evidence: only smoke and lung are relevant)
    expect(infer(asia, resolveQuery(asia, { target: 'lung=yes' })).posterior[0]).toBeCloseTo(0.055, 15);
  });

  it('matches brute-force enumeration on 40 seeded random networks of up to 12 variables', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = mulberry32(1000 + seed);
      const net = randomNetwork(seed, 4 + (seed % 9));
      for (let k = 0; k < 4; k++) expect(worstError(net, randomQuery(net, rnd, 4))).toBeLessThan(1e-12);
    }
  });

  it('prunes barren variables: only ancestors of the target and the evidence enter the plan', () => {
    const asia = readShared('asia');
    const q = resolveQuery(asia, { target: 'lung=yes', evidence: { smoke: 'yes' } });
    const relevant = asia.variables.filter((_, i) => createEngine(asia, q).plan.relevant[i]).map((v) => v.name);
    expect(relevant.sort()).toEqual(['lung', 'smoke']);
  });

  it('both elimination heuristics give complete orders with their largest factor', () => {
    const scopes = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2, 4]];
    const cards = [2, 3, 2, 4, 2];
    for (const h of ['min-fill', 'min-weight'] as const) {
      const o = greedyOrder(scopes, cards, [0, 1, 2, 3], h);
      expect([...o.order].sort()).toEqual([0, 1, 2, 3]);
      expect(o.maxFactor).toBeGreaterThan(1);
    }
  });
});

describe('reverse mode through the contraction', () => {
  // The joint is linear in each CPT entry, so a raw (uncovaried) perturbation of one entry by h
  // changes P(t, e) by exactly h·∂P/∂θ: a finite difference with no truncation error.
  it('raw gradients equal one-sided differences on random networks', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const net = randomNetwork(seed, 8);
      const q = randomQuery(net, mulberry32(seed), 3);
      const engine = createEngine(net, q);
      const base = engine.forward().slice();
      const seedA = new Float64Array(base.length);
      seedA[q.targetState] = 1;
      const seedB = new Float64Array(base.length).fill(1);
      const { gradA, gradB } = engine.backward(seedA, seedB);
      const h = 1e-3;
      net.variables.forEach((v, vi) => {
        for (let j = 0; j < v.cpt.length; j++) {
          const cpts = net.variables.map((u) => u.cpt);
          cpts[vi] = v.cpt.slice();
          cpts[vi]![j]! += h;
          const joint = engine.forward(cpts);
          const dN = (joint[q.targetState]! - base[q.targetState]!) / h;
          const dD = (joint.reduce((a, b) => a + b, 0) - base.reduce((a, b) => a + b, 0)) / h;
          expect(Math.abs(dN - gradA[vi]![j]!)).toBeLessThan(1e-9);
          expect(Math.abs(dD - gradB![vi]![j]!)).toBeLessThan(1e-9);
        }
      });
    }
  });
});

describe('bad queries', () => {
  const asia = readShared('asia');
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(BayesQueryError);
      return e as BayesQueryError;
    }
    throw new Error('expected an error');
  };

  it('evidence of probability zero is a clear error, not NaN', () => {
    // either = lung OR tub, deterministically: lung = yes with either = no is impossible.
    const e = codeOf(() => infer(asia, resolveQuery(asia, { target: 'dysp=yes', evidence: { lung: 'yes', either: 'no' } })));
    expect(e.code).toBe(QUERY_CODES.zeroEvidence);
    expect(e.message).toMatch(/probability zero/);
    expect(e.message).toMatch(/lung=yes, either=no/);
  });

  it('unknown variables and states name the nearest candidate', () => {
    const v = codeOf(() => resolveQuery(asia, { target: 'dysp=yes', evidence: { xrya: 'yes' } }));
    expect([v.code, v.path, v.hint]).toEqual([QUERY_CODES.unknownVariable, ['evidence', 'xrya'], "did you mean 'xray'?"]);
    const s = codeOf(() => resolveQuery(asia, { target: 'dysp=yse' }));
    expect([s.code, s.path, s.hint]).toEqual([QUERY_CODES.unknownState, ['target'], "did you mean 'yes'?"]);
    expect(codeOf(() => resolveQuery(asia, { target: 'dysp' })).code).toBe(QUERY_CODES.badTarget);
    expect(codeOf(() => resolveQuery(asia, { target: 'dysp=yes', evidence: { dysp: 'no' } })).code).toBe(QUERY_CODES.targetIsEvidence);
  });

  it('refuses an elimination whose largest factor exceeds max_factor_size, with the estimate', () => {
    const q = resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } });
    const e = codeOf(() => createEngine(asia, q, { maxFactorSize: 2 }));
    expect(e.code).toBe(QUERY_CODES.factorTooLarge);
    expect(e.path).toEqual(['max_factor_size']);
    expect(e.detail).toMatch(/about 4\.00e\+0 entries/);
    expect(() => createEngine(asia, q, { maxFactorSize: 4 })).not.toThrow();
  });
});
