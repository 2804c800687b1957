/**
 * `evaluate cv { folds: 10 }`: Dataset.graph + Model.graph → Metrics. k-fold cross-validation
 * needs one training run per fold, so this stage trains: for each fold, a fresh model of the
 * input's architecture (its own seeded initialisation) learns on the other folds with the
 * recipe the input model was trained with (`meta.recipe`, written by `train graph`; the
 * paper's recipe when the model is untrained) and is tested on the fold after every epoch.
 * The input model's own weights are not used: CV estimates the procedure, not one model.
 *
 * Reports `accuracy` ± `accuracy_std` (last epoch, mean over folds), the paper's
 * `best_epoch_accuracy` (± std), per-fold `fold_accuracy` (step = fold), the mean test curve,
 * and a figure of every fold's curve.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { crossValidate, initGraphParams, type GraphDataset, type GraphModel } from '../../lib/graph/index.js';
import { lineChart } from '../../lib/plot/index.js';
import { checkFoldCount, describeArch, graphDataset, graphModel, pipelineFolds } from '../graph/common.js';
import { describeRecipe, PAPER_RECIPE, recipeOptimizer, recipeSchedule, type GraphTrainConfig } from '../graph/recipe.js';

export interface CvConfig {
  folds?: number;
  out?: string;
}

export interface CvMetrics {
  values: Record<string, number>;
  /** Last-epoch test accuracy of each fold. */
  folds: number[];
  /** Mean test accuracy over folds at each epoch. */
  meanCurve: number[];
}

function foldsOf(ds: GraphDataset, k: number, seed: number): Int32Array {
  return ds.folds?.k === k ? ds.folds.of : pipelineFolds(ds, k, seed);
}

export const cvPlugin = definePlugin<CvConfig, CvMetrics>({
  id: 'evaluate/cv',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Stratified k-fold cross-validation of a graph network: one fresh model trained per fold',
  configSchema: {
    type: 'object',
    properties: {
      folds: { type: 'integer', minimum: 2, description: "default: the data's folds (data tu { folds })" },
      out: { type: 'string', minLength: 1, description: 'also write the HTML report here' },
    },
    additionalProperties: false,
  },
  inputs: {
    data: { type: 'Dataset.graph' },
    model: { type: 'Model.graph', description: 'architecture, and the training recipe in meta.recipe' },
  },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const ds = graphDataset(inputs);
    const model = graphModel(inputs, ds);
    const k = c.folds ?? ds.folds?.k ?? 10;
    checkFoldCount(ctx, ds, k, ['folds']);
    const folds = foldsOf(ds, k, ctx.seed);
    const recipe = (model.meta?.recipe as GraphTrainConfig | undefined) ?? PAPER_RECIPE;
    const lr = recipeSchedule(ctx, recipe);
    ctx.log(`${k}-fold CV of ${describeArch(model.arch)}; each fold: ${describeRecipe(recipe)}${model.meta?.recipe ? '' : " (the paper's: the model carries no recipe)"}`);
    const curves: number[][] = Array.from({ length: k }, () => []);
    const losses: number[][] = Array.from({ length: k }, () => []);
    const { summary } = await crossValidate(ds, {
      folds,
      k,
      optimizer: recipeOptimizer(recipe),
      lr,
      epochs: recipe.epochs,
      batchSize: recipe.batch,
      signal: ctx.signal,
      init: (f): GraphModel => ({ arch: model.arch, params: initGraphParams(model.arch, ctx.rng.fork(`init-${f}`)) }),
      rng: (f) => ctx.rng.fork(`train-${f}`),
      onEpoch: (f, r) => {
        curves[f]!.push(r.testAccuracy!);
        losses[f]!.push(r.loss);
        ctx.progress({ done: f * recipe.epochs + r.epoch, total: k * recipe.epochs, unit: 'epoch', loss: r.loss, message: `fold ${f + 1}/${k}` });
        if (r.epoch === recipe.epochs) ctx.log(`fold ${f + 1}/${k}: test accuracy ${r.testAccuracy!.toFixed(4)}`);
      },
    });
    summary.perFold.forEach((a, f) => ctx.metric('fold_accuracy', a, f + 1));
    summary.meanCurve.forEach((a, e) => ctx.metric('mean_test_accuracy', a, e + 1));
    const epochs = Array.from({ length: recipe.epochs }, (_, e) => e + 1);
    const series = curves.map((y, f) => ({ name: `fold ${f + 1}`, x: epochs, y }));
    ctx.figure(`${ds.name}: test accuracy per fold`, lineChart([...series, { name: 'mean', x: epochs, y: summary.meanCurve, dashed: true }], { xLabel: 'epoch', yLabel: 'test accuracy' }));
    ctx.figure(`${ds.name}: training loss per fold`, lineChart(losses.map((y, f) => ({ name: `fold ${f + 1}`, x: epochs, y })), { xLabel: 'epoch', yLabel: 'loss', logY: true }));
    const values = {
      accuracy: summary.accuracy,
      accuracy_std: summary.std,
      best_epoch_accuracy: summary.bestAccuracy,
      best_epoch_accuracy_std: summary.bestStd,
      best_epoch: summary.bestEpoch,
    };
    for (const [name, v] of Object.entries(values)) ctx.metric(name, v);
    const pct = (v: number) => (100 * v).toFixed(1);
    ctx.log(`accuracy ${pct(summary.accuracy)} ± ${pct(summary.std)} % (last epoch); best epoch ${summary.bestEpoch}: ${pct(summary.bestAccuracy)} ± ${pct(summary.bestStd)} %`);
    if (c.out) ctx.requestReport(c.out);
    return {
      output: { values, folds: summary.perFold, meanCurve: summary.meanCurve },
      result: { ...values, folds: k, perFold: summary.perFold.map((a) => +a.toFixed(4)), recipe: describeRecipe(recipe) },
    };
  },
  docs: 'Trains a fresh model per fold with the recipe the input model carries (train graph writes it) and tests on the held-out fold every epoch. See docs/plugins/evaluate-cv.md.',
});
