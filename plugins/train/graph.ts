/**
 * `train graph { epochs: 350, batch: 32, lr: 0.01, schedule: step(halve_every: 50) }`:
 * Model.graph + Dataset.graph → trained Model.graph. Graph networks need their own stage
 * because their batches are block-diagonal graphs, not rows of a tensor; the loop itself is
 * lib/nn's (lib/graph/train.ts). The model records its recipe (`meta.recipe`), which
 * `evaluate cv` reuses to train one fresh model per fold.
 *
 * By default every graph trains; `holdout_fold: k` keeps fold k of the data's stratified folds
 * out and reports its accuracy after every epoch (the learning curve of one CV fold).
 */
import * as tf from '@tensorflow/tfjs';
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { evaluateGraphs, fitGraphModel, graphsWhere, type GraphModel } from '../../lib/graph/index.js';
import { paramsToTensors } from '../../lib/nn/index.js';
import { graphDataset, graphModel } from '../graph/common.js';
import { checkRecipe, describeRecipe, graphTrainSchema, recipeOptimizer, recipeSchedule, type GraphTrainConfig } from '../graph/recipe.js';

export const graphTrainPlugin = definePlugin<GraphTrainConfig, GraphModel>({
  id: 'train/graph',
  version: '1.0.0',
  kind: 'train',
  description: 'Mini-batch training of a graph network (GIN, GCN) on block-diagonal graph batches',
  configSchema: graphTrainSchema,
  inputs: { model: { type: 'Model.graph' }, data: { type: 'Dataset.graph' } },
  output: 'Model.graph',
  check: checkRecipe,
  async run(ctx, inputs, c) {
    const ds = graphDataset(inputs);
    const model = graphModel(inputs, ds);
    const lr = recipeSchedule(ctx, c);
    let train: Int32Array = Int32Array.from({ length: ds.numGraphs }, (_, g) => g);
    let test: Int32Array | undefined;
    if (c.holdout_fold !== 'none') {
      const k = ds.folds?.k ?? 0;
      if (c.holdout_fold >= k) ctx.configError(['holdout_fold'], `the data has ${k} folds, numbered 0 to ${k - 1}`);
      const h = c.holdout_fold;
      train = graphsWhere(ds.folds!.of, (f) => f !== h);
      test = graphsWhere(ds.folds!.of, (f) => f === h);
    }
    ctx.log(`${describeRecipe(c)}; ${train.length} training graphs${test ? `, fold ${c.holdout_fold} (${test.length}) held out` : ''}`);
    const started = performance.now();
    const { model: trained, history } = await fitGraphModel(model, ds, train, {
      optimizer: recipeOptimizer(c),
      lr,
      epochs: c.epochs,
      batchSize: c.batch,
      rng: ctx.rng.fork('train'),
      signal: ctx.signal,
      ...(test ? { test } : {}),
      onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
      onEpoch: (r) => {
        ctx.metric('loss', r.loss, r.epoch, 'epoch');
        ctx.metric('lr', r.lr, r.epoch, 'epoch');
        if (r.testAccuracy !== undefined) ctx.metric('test_accuracy', r.testAccuracy, r.epoch, 'epoch');
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const params = paramsToTensors(trained.params);
    let trainAccuracy: number;
    try {
      trainAccuracy = (await evaluateGraphs(trained.arch, params, ds, train)).accuracy;
    } finally {
      tf.dispose(Object.values(params));
    }
    const last = history.at(-1)!;
    const metrics: Record<string, number> = { loss: last.loss, train_accuracy: trainAccuracy };
    if (last.testAccuracy !== undefined) metrics.test_accuracy = last.testAccuracy;
    ctx.metric('train_accuracy', trainAccuracy);
    ctx.metric('train_seconds', seconds);
    trained.meta = {
      ...trained.meta,
      metrics: { ...(model.meta?.metrics ?? {}), ...metrics },
      recipe: c as unknown as JsonValue,
      training: { plugin: ctx.stage.pluginId, stage: ctx.stage.name, epochs: c.epochs, graphs: train.length, seconds },
    };
    return { output: trained, result: { ...metrics, epochs: c.epochs, seconds: +seconds.toFixed(2) } };
  },
  docs: 'Adam (PyTorch convention: weight_decay is L2) or SGD over mini-batches of graphs; lr and schedule as in train adam. Records its options in the model for evaluate cv. See docs/plugins/train-graph.md.',
});
