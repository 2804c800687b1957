/**
 * `train symreg { constraints: [symmetry(r1, r2), monotone(r1, increasing)], domain: { r1: 0..40 } }`:
 * Model.symnet + Dataset.table → the chosen Model.symnet, with its simplified formula, its error
 * on every split, its constraint violations, the Pareto front, figures, and the baselines
 * (a plain MLP; the same network without prior knowledge) trained and measured alongside.
 */
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { rangeSchema } from '../../kernel/schema.js';
import {
  DEFAULT_ADAPTIVE,
  extractFormula,
  formulaFigures,
  frontFigure,
  frontSummary,
  learn,
  netPredictor,
  parseConstraints,
  sortedTargetFigure,
  splitColumns,
  splitErrors,
  trainMlp,
  violationMap,
  inputRanges,
  type Box,
  type Curve,
  type LearnOptions,
  type LearnResult,
  type SymNet,
  type TableDataset,
} from '../../lib/symbolic/index.js';

export interface SymregConfig {
  constraints: unknown[];
  domain: Record<string, { from: number; to: number }>;
  epochs: number;
  starts: number;
  steps: number;
  lr: number;
  batch: number;
  free_fraction: number;
  sparse_fraction: number;
  sparsity: number;
  l05_smoothing: number;
  prune: number;
  perturbation: number;
  div_penalty: number;
  adaptive: boolean;
  constraint_ratio: number;
  rmse_window: number;
  violation_tolerance: number;
  eval_samples: number;
  baselines: ('mlp' | 'unconstrained')[];
  mlp_width: number;
  mlp_steps: number;
}

const num = (d: number, extra: Record<string, unknown> = {}) => ({ type: 'number', default: d, ...extra });

export const symregPlugin = definePlugin<SymregConfig, SymNet>({
  id: 'train/symreg',
  version: '1.1.0',
  kind: 'train',
  description: 'Symbolic regression with prior knowledge: constraint losses, sparsity, epoch-wise restarts, Pareto choice',
  configSchema: {
    type: 'object',
    properties: {
      constraints: { type: 'array', items: { type: 'object', properties: { $kind: { const: 'call' } }, required: ['$kind'] }, default: [], description: 'symmetry(a, b), odd(x), even(x), monotone(x, increasing|decreasing), convex(x), concave(x), value(at: {...}, equals: c), bound(upper: g, lower: g); each takes on: { x: lo..hi }, samples: n' },
      domain: { type: 'object', additionalProperties: rangeSchema(), default: {}, description: 'where constraint points are sampled, per input (default: the training range)' },
      epochs: { type: 'integer', minimum: 1, default: 4, description: 'restarts, each from the best model so far, perturbed' },
      starts: { type: 'integer', minimum: 1, default: 1, description: 'independent starts from fresh weights, each with its own epochs; the pick is over all of them' },
      steps: { type: 'integer', minimum: 10, default: 3000, description: 'Adam steps per epoch' },
      lr: num(0.01, { exclusiveMinimum: 0 }),
      batch: { type: 'integer', minimum: 0, default: 64, description: 'data points per step (0: all)' },
      free_fraction: num(0.3, { minimum: 0, maximum: 1, description: 'share of an epoch without the sparsity penalty' }),
      sparse_fraction: num(0.5, { minimum: 0, maximum: 1, description: 'share with it; pruning follows, then fine-tuning at lr/10' }),
      sparsity: num(1, { minimum: 0, description: 'L0.5 term as a multiple of the recent RMSE' }),
      l05_smoothing: num(0.01, { exclusiveMinimum: 0 }),
      prune: num(0.05, { minimum: 0, description: 'weights below this (scaled units) are pruned' }),
      perturbation: num(0.1, { minimum: 0, description: 'σ of the restart noise' }),
      div_penalty: num(10, { minimum: 0, description: 'weight of the penalty on denominators below the threshold' }),
      adaptive: { type: 'boolean', default: true, description: 'adaptive constraint weights (false: all 1)' },
      constraint_ratio: num(DEFAULT_ADAPTIVE.ratio, { exclusiveMinimum: 0, description: "each constraint term's target share of the recent RMSE" }),
      rmse_window: { type: 'integer', minimum: 1, default: DEFAULT_ADAPTIVE.window },
      violation_tolerance: num(DEFAULT_ADAPTIVE.tolerance, { minimum: 0, description: 'RMS violations below this × RMSE stop raising a weight' }),
      eval_samples: { type: 'integer', minimum: 10, default: 500, description: 'points per constraint for measuring violations' },
      baselines: { type: 'array', items: { enum: ['mlp', 'unconstrained'] }, uniqueItems: true, default: ['mlp', 'unconstrained'] },
      mlp_width: { type: 'integer', minimum: 1, default: 32 },
      mlp_steps: { type: 'integer', minimum: 10, default: 6000 },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model.symnet' }, data: { type: 'Dataset.table' } },
  output: 'Model.symnet',
  check: (c) => parseConstraints(c.constraints, undefined, undefined).issues,
  async run(ctx, inputs, c) {
    const ds = inputs.data as TableDataset;
    const init = inputs.model as SymNet;
    const d = ds.inputs.length;
    const trainRange = inputRanges(ds.splits.train, d);
    const domain: Box = ds.inputs.map((name, j) => (c.domain[name] ? [c.domain[name]!.from, c.domain[name]!.to] : trainRange[j]!));
    for (const name of Object.keys(c.domain)) if (!ds.inputs.includes(name)) ctx.configError(['domain', name], `unknown variable '${name}'`, `variables: ${ds.inputs.join(', ')}`);
    const { specs, issues } = parseConstraints(c.constraints, ds.inputs, domain);
    for (const i of issues.slice(1)) ctx.warn(`${i.path.join('.')}: ${i.message}`);
    if (issues[0]) ctx.configError(issues[0].path, issues[0].message, issues[0].hint);
    const split = (name: string) => ({ cols: splitColumns(ds.splits[name]!, d), y: ds.splits[name]!.y });
    const train = split('train');
    const validation = split('validation');
    const totalSteps = c.starts * c.epochs * c.steps * (1 + (c.baselines.includes('unconstrained') ? 1 : 0)) + (c.baselines.includes('mlp') ? c.mlp_steps : 0);
    let offset = 0;
    const options = (label: string, metricPrefix: string): LearnOptions => ({
      epochs: c.epochs,
      starts: c.starts,
      steps: c.steps,
      lr: c.lr,
      batch: c.batch,
      phases: [c.free_fraction, c.sparse_fraction],
      sparsity: c.sparsity,
      l05Smoothing: c.l05_smoothing,
      pruneThreshold: c.prune,
      perturbation: c.perturbation,
      divPenalty: c.div_penalty,
      adaptive: c.adaptive ? { window: c.rmse_window, ratio: c.constraint_ratio, tolerance: c.violation_tolerance, min: DEFAULT_ADAPTIVE.min, max: DEFAULT_ADAPTIVE.max } : null,
      evalSamples: c.eval_samples,
      signal: ctx.signal,
      onProgress: (p) => {
        ctx.progress({ done: offset + p.done, total: totalSteps, unit: 'step', loss: p.loss, message: `${label} epoch ${p.epoch + 1}` });
        if (p.done % 500 === 0) ctx.metric(`${metricPrefix}train_rmse_curve`, p.rmse, offset + p.done);
      },
    });
    const main = await learn(init, train, validation, specs, ctx.rng.fork('main'), options('symnet', ''));
    offset += c.starts * c.epochs * c.steps;
    const chosen = main.candidates[main.chosen]!;
    const formula = extractFormula(chosen.net);
    const errors = splitErrors(ds, netPredictor(chosen.net));
    for (const [k, v] of Object.entries(errors)) ctx.metric(`${k}_rmse`, v);
    ctx.metric('constraint_violation', chosen.violation);
    ctx.metric('complexity', chosen.complexity);
    ctx.metric('formula_size', formula.size);
    ctx.metric('candidates', main.candidates.length);
    ctx.metric('front_size', main.front.length);
    ctx.log(`formula: ${ds.target} = ${formula.text}`);

    const curves: Curve[] = [{ name: 'formula', predict: netPredictor(chosen.net) }];
    const baselines: Record<string, JsonValue> = {};
    const runBaseline = async (name: 'mlp' | 'unconstrained', r: Promise<LearnResult>) => {
      const res = await r;
      const net = res.candidates[res.chosen]!;
      const errs = splitErrors(ds, netPredictor(net.net));
      for (const [k, v] of Object.entries(errs)) ctx.metric(`${name}_${k}_rmse`, v);
      ctx.metric(`${name}_constraint_violation`, net.violation);
      curves.push({ name, predict: netPredictor(net.net), dashed: true });
      baselines[name] = { errors: errs, constraint_violation: net.violation, violations: violationMap(specs.map((s) => s.label), net.violations), ...(name === 'unconstrained' ? { formula: extractFormula(net.net).text, complexity: net.complexity } : {}) };
    };
    if (c.baselines.includes('unconstrained')) {
      await runBaseline('unconstrained', learn(init, train, validation, specs, ctx.rng.fork('unconstrained'), { ...options('unconstrained', 'unconstrained_'), useConstraints: false, evalRng: ctx.rng.fork('unconstrained-eval') }));
      offset += c.starts * c.epochs * c.steps;
    }
    if (c.baselines.includes('mlp')) {
      const o = { ...options('mlp', 'mlp_'), evalRng: ctx.rng.fork('mlp-eval') };
      await runBaseline('mlp', trainMlp(init, train, validation, specs, ctx.rng.fork('mlp'), { width: c.mlp_width, layers: 2, steps: c.mlp_steps, lr: c.lr }, o));
    }

    const extent: Box = domain.map(([lo, hi], j) => [Math.min(lo, trainRange[j]![0]), Math.max(hi, trainRange[j]![1])]);
    const data = Object.keys(ds.splits).map((name) => ({ name, ...split(name) }));
    for (const f of formulaFigures(ds.inputs, extent, curves, d === 1 ? data : [], ds.target)) ctx.figure(f.title, f.svg);
    for (const s of data.filter((s) => s.name !== 'train' && s.name !== 'validation')) ctx.figure(`${s.name}: formula and baselines`, sortedTargetFigure(s, curves, ds.target));
    const frontCands = main.front.map((i) => main.candidates[i]!);
    ctx.figure('Pareto front', frontFigure(frontCands, chosen));

    return {
      output: chosen.net,
      result: {
        formula: formula.text,
        latex: formula.latex,
        errors,
        constraint_violation: chosen.violation,
        violations: violationMap(specs.map((s) => s.label), chosen.violations),
        complexity: chosen.complexity,
        chosen: { start: chosen.start + 1, epoch: chosen.epoch + 1, phase: chosen.phase },
        front: frontSummary(main.candidates, main.front, main.chosen),
        baselines,
      },
    };
  },
  docs: 'Trains a `model symnet` on a `data csv` table with prior knowledge as constraint losses on points sampled in `domain` (inside and outside the training range), adaptive constraint weights, a smoothed L0.5 penalty then pruning, and epoch-wise restarts from the best model so far. The final model is picked from the Pareto front of (validation RMSE, constraint violation, active weights) by the one-standard-error rule. The baselines have no prior knowledge: no constraint losses, and selection by (validation RMSE, active weights) only; their violation is measured, not used. Metrics: train_rmse, validation_rmse, <split>_rmse, constraint_violation, complexity; baselines as mlp_<split>_rmse, unconstrained_<split>_rmse. See docs/techniques/symbolic-regression.md.',
});
