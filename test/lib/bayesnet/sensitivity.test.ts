import {
  admissibleRegion,
  allSensitivities,
  analyzeSensitivity,
  covaryRow,
  createEngine,
  describeParameter,
  evaluateSensitivity,
  evaluateTwoWay,
  infer,
  locateParameter,
  resolveQuery,
  sensitivityDerivative,
  topParameters,
  twoWaySensitivities,
  type BayesNet,
  type IndexedQuery,
  type SensitivityTable,
} from '../../../lib/bayesnet/index.js';
import { mulberry32, randomNetwork, randomQuery, readShared, relErr } from './helpers.js';

/** P(target | e) with parameter k moved to θ and its row covaried — the oracle: a fresh inference. */
function perturbed(net: BayesNet, q: IndexedQuery, t: SensitivityTable, k: number, theta: number): number {
  const loc = locateParameter(net, t.offsets, k);
  const v = net.variables[loc.variable]!;
  const cpt = v.cpt.slice();
  covaryRow(cpt, v.states.length, loc.row, loc.state, theta);
  const copy = { ...net, variables: net.variables.map((u, i) => (i === loc.variable ? { ...u, cpt } : u)) };
  return infer(copy, q).posterior[q.targetState]!;
}

function queries(): [string, BayesNet, IndexedQuery][] {
  const asia = readShared('asia');
  const out: [string, BayesNet, IndexedQuery][] = [
    ['asia dysp=yes | xray=yes', asia, resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } })],
    ['asia lung=yes | dysp=yes, asia=yes', asia, resolveQuery(asia, { target: 'lung=yes', evidence: { dysp: 'yes', asia: 'yes' } })],
    ['asia either=yes (no evidence)', asia, resolveQuery(asia, { target: 'either=yes' })],
  ];
  for (let seed = 1; seed <= 6; seed++) {
    const net = randomNetwork(100 + seed, 9);
    out.push([`random network ${seed}`, net, randomQuery(net, mulberry32(seed), 3)]);
  }
  return out.filter(([, net, q]) => {
    try {
      infer(net, q);
      return true;
    } catch {
      return false; // a random evidence set of probability zero
    }
  });
}

describe('one-way sensitivity (YODO)', () => {
  const cases = queries();

  // Central difference of f(θ) = P(y | e) with covariation, h = 1e-5: f is a ratio of linear
  // functions with its pole outside [0, 1], so truncation error ~h²·|f'''| ≈ 1e-10 and rounding
  // error ~1e-16/h ≈ 1e-11 — far inside the 1e-6 relative tolerance. Zero derivatives (barren or
  // d-separated parameters) leave only that rounding noise, hence the floor: |Δ| < 1e-10 there.
  it.each(cases)('%s: every derivative equals a central finite difference', (_name, net, q) => {
    const t = allSensitivities(net, q);
    const h = 1e-5;
    for (let k = 0; k < t.theta.length; k++) {
      const th = t.theta[k]!;
      const fd = (perturbed(net, q, t, k, th + h) - perturbed(net, q, t, k, th - h)) / (2 * h);
      expect(relErr(t.derivative[k]!, fd, 1e-4)).toBeLessThan(1e-6);
    }
  });

  // The sensitivity function is exact (not a Taylor model): at any θ it must equal a fresh
  // inference with the covaried CPT, to rounding (1e-10 absolute on probabilities).
  it.each(cases)('%s: f(θ) equals re-running inference at perturbed θ', (_name, net, q) => {
    const t = allSensitivities(net, q);
    for (let k = 0; k < t.theta.length; k++) {
      const c = { c1: t.c1[k]!, c2: t.c2[k]!, c3: t.c3[k]!, c4: t.c4[k]! };
      for (const theta of [0, 0.13, 0.5, 0.97, 1]) {
        const want = (() => {
          try {
            return perturbed(net, q, t, k, theta);
          } catch {
            return NaN; // P(e) vanishes at this θ: then so must the denominator
          }
        })();
        if (Number.isNaN(want)) expect(Math.abs(c.c3 * theta + c.c4)).toBeLessThan(1e-12);
        else expect(Math.abs(evaluateSensitivity(c, theta) - want)).toBeLessThan(1e-10);
      }
      expect(Math.abs(evaluateSensitivity(c, t.theta[k]!) - t.probability)).toBeLessThan(1e-12);
      expect(sensitivityDerivative(c, t.theta[k]!)).toBeCloseTo(t.derivative[k]!, 12);
    }
  });

  it('vertex proximity: |f′| = 1 at the vertex, null (NaN in the table) for linear functions', () => {
    const asia = readShared('asia');
    const t = allSensitivities(asia, resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } }));
    let checked = 0;
    for (let k = 0; k < t.theta.length; k++) {
      const c = { c1: t.c1[k]!, c2: t.c2[k]!, c3: t.c3[k]!, c4: t.c4[k]! };
      if (c.c3 === 0) {
        expect(Number.isNaN(t.vertexProximity[k]!)).toBe(true);
        continue;
      }
      const th = t.theta[k]!;
      const s = -c.c4 / c.c3;
      for (const vertex of [th - t.vertexProximity[k]!, th + t.vertexProximity[k]!]) {
        // the vertex is on the same side of the asymptote as [0, 1]
        if ((vertex - s) * (0.5 - s) <= 0) continue;
        if (Math.abs(Math.abs(sensitivityDerivative(c, vertex)) - 1) < 1e-6) checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
    const none = allSensitivities(asia, resolveQuery(asia, { target: 'dysp=yes' }));
    expect(none.vertexProximity.every(Number.isNaN)).toBe(true); // no evidence: f is linear
  });

  it('admissible regions end where f crosses the threshold', () => {
    const asia = readShared('asia');
    const q = resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } });
    const t = allSensitivities(asia, q);
    const threshold = 0.6;
    let bounded = 0;
    for (let k = 0; k < t.theta.length; k++) {
      const c = { c1: t.c1[k]!, c2: t.c2[k]!, c3: t.c3[k]!, c4: t.c4[k]! };
      const [lo, hi] = admissibleRegion(c, t.theta[k]!, threshold);
      expect(lo).toBeLessThanOrEqual(t.theta[k]!);
      expect(hi).toBeGreaterThanOrEqual(t.theta[k]!);
      const side = Math.sign(t.probability - threshold);
      for (const edge of [lo, hi]) {
        if (edge > 0 && edge < 1) {
          bounded++;
          expect(Math.abs(perturbed(asia, q, t, k, edge) - threshold)).toBeLessThan(1e-10);
        }
      }
      const mid = (lo + hi) / 2;
      expect(Math.sign(perturbed(asia, q, t, k, mid) - threshold)).toBe(side);
    }
    expect(bounded).toBeGreaterThan(0);
  });

  it('barren parameters have zero derivative and a constant sensitivity function', () => {
    const asia = readShared('asia');
    const q = resolveQuery(asia, { target: 'lung=yes', evidence: { smoke: 'yes' } });
    const t = allSensitivities(asia, q);
    const dysp = asia.variables.findIndex((v) => v.name === 'dysp');
    for (let k = t.offsets[dysp]!; k < t.offsets[dysp + 1]!; k++) {
      expect(t.derivative[k]).toBe(0);
      expect(perturbed(asia, q, t, k, 0.3)).toBeCloseTo(t.probability, 14);
    }
  });

  it('ranks parameters by sensitivity value, most sensitive first, with names', () => {
    const asia = readShared('asia');
    const t = allSensitivities(asia, resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } }));
    const top = topParameters(t, 5);
    const sorted = Array.from(t.sensitivityValue).sort((a, b) => b - a);
    expect(top.map((k) => t.sensitivityValue[k])).toEqual(sorted.slice(0, 5));
    const e = describeParameter(asia, t, top[0]!);
    expect(Object.keys(e).sort()).toEqual(['coefficients', 'derivative', 'parents', 'sensitivity_value', 'state', 'theta', 'variable', 'vertex_proximity'].sort());
    const v = asia.variables.find((x) => x.name === e.variable)!;
    expect(Object.keys(e.parents)).toEqual(v.parents.map((p) => asia.variables[p]!.name));
  });
});

describe('two-way sensitivity', () => {
  // N and D are exactly bilinear in (θa, θb), so the two-way function must equal inference with
  // both rows covaried, at any point, to rounding.
  it('matches inference with both parameters perturbed', () => {
    const asia = readShared('asia');
    const q = resolveQuery(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } });
    const engine = createEngine(asia, q);
    const t = allSensitivities(asia, q);
    const pairs = twoWaySensitivities(engine, asia, q, t, topParameters(t, 6));
    expect(pairs.length).toBeGreaterThan(5);
    const rnd = mulberry32(5);
    for (const r of pairs) {
      for (let i = 0; i < 3; i++) {
        const ta = rnd();
        const tb = rnd();
        const cpts = asia.variables.map((v) => v.cpt.slice());
        for (const [k, th] of [[r.a, ta], [r.b, tb]] as const) {
          const loc = locateParameter(asia, t.offsets, k);
          covaryRow(cpts[loc.variable]!, asia.variables[loc.variable]!.states.length, loc.row, loc.state, th);
        }
        const joint = createEngine(asia, q).forward(cpts);
        const want = joint[q.targetState]! / joint.reduce((a, b) => a + b, 0);
        expect(Math.abs(evaluateTwoWay(r, ta - t.theta[r.a]!, tb - t.theta[r.b]!) - want)).toBeLessThan(1e-10);
      }
      // mixed derivative against a central difference of the bilinear ratio (h = 1e-4)
      const h = 1e-4;
      const f = (x: number, y: number) => evaluateTwoWay(r, x, y);
      const fd = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
      expect(relErr(r.interaction, fd, 1e-4)).toBeLessThan(1e-5);
      expect(r.range[0]).toBeLessThanOrEqual(t.probability + 1e-12);
      expect(r.range[1]).toBeGreaterThanOrEqual(t.probability - 1e-12);
    }
  });

  it('the analysis report carries the ranking, admissible regions and two-way pairs', () => {
    const asia = readShared('asia');
    const rep = analyzeSensitivity(asia, { target: 'dysp=yes', evidence: { xray: 'yes' } }, { top: 4, threshold: 0.5, multiway: true, multiwayTop: 3 });
    expect(rep.ranking).toHaveLength(4);
    expect(rep.ranking.every((e) => e.admissible !== undefined)).toBe(true);
    expect(rep.two_way!.length).toBeGreaterThan(0);
    expect(rep.parameters).toBe(36);
    expect(JSON.parse(JSON.stringify(rep))).toEqual(rep); // plain JSON data
  });
});
