/**
 * YODO all-parameter sensitivity on the largest shared BIF networks (float64 typed arrays, no
 * tensor backend involved, so it runs once, with the wasm pass). For each network, on a query
 * whose evidence makes every CPT relevant (lib/bayesnet/covering-query.ts):
 *
 *   yodo-NET                 parameters per second of the whole analysis (one inference, one
 *                            two-channel backward pass, the coefficients and metrics of every
 *                            parameter); the PyTorch twin runs the same contraction steps with
 *                            float64 einsum + autograd (bench/python/bayesnet_ref.py).
 *   yodo-NET-vs-perturbation speed-up over one perturbed (covaried) inference per parameter with
 *                            the same engine, timed on an even sample of the parameters.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  covaryRow,
  coveringQuery,
  createEngine,
  locateParameter,
  parseBif,
  sensitivitiesWith,
  type BayesNet,
  type InferenceEngine,
  type IndexedQuery,
  type SensitivityTable,
} from '../../lib/bayesnet/index.js';
import { median } from '../measure.js';
import type { BenchSuite } from '../types.js';

const bifDir = () => process.env.PIPEWRIGHT_BIF_DIR ?? resolve(process.cwd(), '..', 'shared', 'data', 'bif');

/** The contraction as the PyTorch twin replays it: same CPTs, evidence and step sequence. */
function exportPlan(net: BayesNet, q: IndexedQuery, engine: InferenceEngine): unknown {
  const plan = engine.plan;
  return {
    cards: net.variables.map((v) => v.states.length),
    cpts: net.variables.flatMap((v, i) => (plan.relevant[i] ? [{ var: i, axes: [...v.parents, i], values: Array.from(v.cpt) }] : [])),
    evidence: q.evidence,
    target: q.target,
    targetState: q.targetState,
    steps: plan.steps.map((s) => ({ inputs: Array.from(s.inputs), outVars: s.outVars, out: s.out })),
    result: plan.result,
  };
}

/**
 * Seconds per parameter of the one-perturbed-inference-per-parameter approach, over `sample`
 * evenly spread parameters of relevant CPTs. P(y, e) and P(e) are linear in θ under
 * covariation, so one covaried step of h gives their exact slopes and hence f'(θ0) exactly (to
 * rounding ~1e-16/h); `worst` is its largest relative gap to YODO's derivative.
 */
function perturbationLoop(net: BayesNet, q: IndexedQuery, engine: InferenceEngine, t: SensitivityTable, sample: number) {
  const relevant: number[] = [];
  for (let k = 0; k < t.theta.length; k++) if (engine.plan.relevant[locateParameter(net, t.offsets, k).variable]) relevant.push(k);
  const stride = Math.max(1, relevant.length / sample);
  const picked = Array.from({ length: Math.min(sample, relevant.length) }, (_, i) => relevant[Math.floor(i * stride)]!);
  const cpts = net.variables.map((v) => v.cpt.slice());
  const f0 = t.probability;
  let worst = 0;
  const t0 = performance.now();
  for (const k of picked) {
    const loc = locateParameter(net, t.offsets, k);
    const v = net.variables[loc.variable]!;
    const card = v.states.length;
    const h = t.theta[k]! < 0.5 ? 1e-3 : -1e-3;
    covaryRow(cpts[loc.variable]!, card, loc.row, loc.state, t.theta[k]! + h);
    const joint = engine.forward(cpts);
    cpts[loc.variable]!.set(v.cpt.subarray(loc.row * card, (loc.row + 1) * card), loc.row * card);
    const slopeN = (joint[q.targetState]! / t.evidenceProbability - f0) / h;
    const slopeD = (joint.reduce((a, b) => a + b, 0) / t.evidenceProbability - 1) / h;
    const derivative = slopeN - f0 * slopeD;
    worst = Math.max(worst, Math.abs(derivative - t.derivative[k]!) / Math.max(Math.abs(t.derivative[k]!), 1e-3));
  }
  const seconds = (performance.now() - t0) / 1000;
  return { perParameter: seconds / picked.length, sampled: picked.length, relevant: relevant.length, worst };
}

export const bayesnetSuite: BenchSuite = {
  name: 'bayesnet',
  description: 'YODO sensitivity of every CPT parameter (float64, one backward pass) vs perturbation and PyTorch',
  pythonScript: 'bayesnet_ref.py',
  params: (quick) => ({
    networks: quick ? 'hailfinder,water' : 'hailfinder,water,andes,pathfinder',
    exportDir: join(tmpdir(), 'pipewright-bench-bayesnet'),
    reps: quick ? 5 : 21,
  }),
  skip: (backend) => (backend === 'wasm' ? undefined : 'float64 typed arrays, independent of the tensor backend: measured once, in the wasm pass'),
  async *run(opts, params) {
    const exportDir = params.exportDir as string;
    mkdirSync(exportDir, { recursive: true });
    const reps = params.reps as number;
    for (const name of (params.networks as string).split(',')) {
      const net = parseBif(readFileSync(join(bifDir(), `${name}.bif`), 'utf8'), `${name}.bif`);
      const q = coveringQuery(net);
      const engine = createEngine(net, q, { maxFactorSize: 1e8 });
      writeFileSync(join(exportDir, `${name}.json`), JSON.stringify(exportPlan(net, q, engine)));
      // Warm-up compiles the kernels; later calls overwrite the same table (no allocation).
      let table = sensitivitiesWith(engine, net, q);
      for (let i = 0; i < 3; i++) table = sensitivitiesWith(engine, net, q, table);
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        table = sensitivitiesWith(engine, net, q, table);
        samples.push(performance.now() - t0);
      }
      const ms = median(samples);
      const best = Math.min(...samples);
      const P = table.theta.length;
      const checksum = table.sensitivityValue.reduce((a, b) => a + b, 0);
      opts.log(`${name}: ${P} parameters, P(target|e) = ${table.probability.toPrecision(6)}, P(e) = ${table.evidenceProbability.toExponential(3)}, Σ|f'| = ${checksum.toPrecision(8)}, largest factor ${Math.max(...engine.plan.intermediateSizes)}, ${engine.plan.order.heuristic}`);
      yield { bench: `yodo-${name}`, backend: 'js-f64', value: P / (ms / 1000), unit: 'params/s', note: `${ms.toFixed(2)} ms (best ${best.toFixed(2)}) for all ${P} parameters; Σ|f'| = ${checksum.toPrecision(6)}` };

      const sample = opts.quick ? 40 : 400;
      const loop = perturbationLoop(net, q, engine, table, sample);
      const estimated = loop.perParameter * loop.relevant;
      const how = loop.sampled === loop.relevant ? `full loop over ${loop.relevant} parameters` : `estimated from ${loop.sampled} of ${loop.relevant} parameters`;
      opts.log(`${name}: perturbation ${(loop.perParameter * 1000).toFixed(3)} ms/parameter → ${estimated.toFixed(2)} s (${how}); derivatives agree with YODO to ≤ ${loop.worst.toExponential(1)}`);
      yield { bench: `yodo-${name}-vs-perturbation`, backend: 'js-f64', value: (estimated * 1000) / ms, unit: '× faster', note: `${estimated.toFixed(2)} s by perturbation (${how})` };
    }
  },
};
