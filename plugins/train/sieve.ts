/**
 * `train sieve { aux_after: conv1, forget_every: 5, lr_main: 1e-3, lr_aux: 1e-3, lr_forget: 1e-4 }`:
 * Model + Dataset → trained Model, by the feature sieve (lib/sieve): an auxiliary head on an
 * early layer learns the label, and every `forget_every` steps the layers below it are trained
 * so the head's prediction becomes uniform. `forget_every: 0` is the ablation without forgetting.
 */
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import { permutation, rowSize, takeRows, type TensorDataset } from '../../lib/data/index.js';
import type { Model } from '../../lib/nn/index.js';
import { AuxPointError, environmentMetrics, resolveAuxPoint, trainSieve, type AuxUpdates, type ForgetParams } from '../../lib/sieve/index.js';
import { checkFit } from './common.js';

export interface SieveConfig {
  aux_after: string;
  aux_hidden: number[];
  aux_local: number[];
  aux_steps: number;
  aux_reset_every: number;
  aux_warmup: number;
  aux_pool: boolean;
  aux_normalize: boolean;
  aux_updates: AuxUpdates;
  forget_every: number;
  forget_params: ForgetParams;
  lr_main: number;
  lr_aux: number;
  lr_forget: number;
  weight_decay: number;
  optimizer_forget: 'adam' | 'sgd';
  epochs: number;
  batch: number;
  probe_every: number;
  probe_size: number;
}

export const sievePlugin = definePlugin<SieveConfig, Model>({
  id: 'train/sieve',
  version: '1.1.0',
  kind: 'train',
  description: 'Feature sieve: an auxiliary head on an early layer finds easy features, a forget step erases them from the layers below',
  configSchema: {
    type: 'object',
    properties: {
      aux_after: { type: 'string', minLength: 1, description: 'the layer whose block the auxiliary head reads (e.g. conv1)' },
      aux_hidden: { type: 'array', items: positiveInt, default: [], description: 'hidden widths of the head; [] for a linear head' },
      aux_local: {
        type: 'array',
        items: positiveInt,
        default: [],
        description: 'widths of 1×1 convolutions before the head pools (it then reads the bag of local features, not only their means)',
      },
      aux_steps: { ...positiveInt, default: 1, description: 'aux updates per batch, so the head is near its best when the forget step acts' },
      aux_reset_every: {
        type: 'integer',
        minimum: 0,
        default: 0,
        description: 're-initialise the head every this many steps, so the forget step faces a fresh adversary (our extension); 0 never',
      },
      aux_warmup: { type: 'integer', minimum: 0, default: 0, description: 'head-only updates on random training batches right after each reset' },
      aux_pool: { type: 'boolean', default: true, description: 'average image features over height and width before the head' },
      aux_normalize: { type: 'boolean', default: false, description: 'batch-normalise the features the head reads, so forgetting must remove information, not shrink it' },
      aux_updates: { enum: ['head_and_lower', 'head'], default: 'head_and_lower', description: 'what the aux step trains' },
      forget_every: { type: 'integer', minimum: 0, default: 5, description: 'steps between forget steps; 0 never forgets (the ablation)' },
      forget_params: {
        enum: ['all', 'kernels'],
        default: 'all',
        description: 'what the forget step trains below the head: all parameters, or only the conv/dense kernels (with batch norm below the head, forgetting cannot then just switch features off)',
      },
      lr_main: { ...positiveNumber, default: 1e-3 },
      lr_aux: { ...positiveNumber, default: 1e-3 },
      lr_forget: { ...positiveNumber, default: 1e-4 },
      weight_decay: { type: 'number', minimum: 0, default: 0, description: 'decoupled weight decay of the main step (AdamW), as in train adam' },
      optimizer_forget: {
        enum: ['adam', 'sgd'],
        default: 'adam',
        description: 'sgd: steps shrink as the head nears uniform (Adam keeps taking full steps on what is left)',
      },
      epochs: { ...positiveInt, default: 5 },
      batch: { ...positiveInt, default: 64 },
      probe_every: { type: 'integer', minimum: 0, default: 20, description: 'steps between measurements of the head; 0 once per epoch' },
      probe_size: { ...positiveInt, default: 1000, description: 'training rows the head is measured on' },
    },
    required: ['aux_after'],
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Model',
  async run(ctx, inputs, c) {
    const model = inputs.model as Model;
    const ds = inputs.data as TensorDataset;
    checkFit(model, ds);
    let point;
    try {
      point = resolveAuxPoint(model.arch, c.aux_after);
    } catch (e) {
      if (e instanceof AuxPointError) ctx.configError(['aux_after'], e.message, e.hint);
      throw e;
    }
    const train = ds.splits.train;
    const probeRows = permutation(train.n, ctx.rng.fork('probe')).subarray(0, Math.min(c.probe_size, train.n));
    const probe = takeRows(train, probeRows, rowSize(ds.inputShape));
    const started = performance.now();
    let last: Record<string, number> = {};
    const constant = (v: number) => () => v;
    const { model: trained, groups } = await trainSieve(model, train, {
      auxAfter: c.aux_after,
      auxHidden: c.aux_hidden,
      auxLocal: c.aux_local,
      auxSteps: c.aux_steps,
      auxResetEvery: c.aux_reset_every,
      auxWarmup: c.aux_warmup,
      auxPool: c.aux_pool,
      auxNormalize: c.aux_normalize,
      auxUpdates: c.aux_updates,
      forgetEvery: c.forget_every,
      forgetParams: c.forget_params,
      lrMain: constant(c.lr_main),
      lrAux: constant(c.lr_aux),
      lrForget: constant(c.lr_forget),
      optimizers: { main: { type: 'adam', weightDecay: c.weight_decay }, forget: { type: c.optimizer_forget } },
      epochs: c.epochs,
      batchSize: c.batch,
      numClasses: ds.numClasses,
      rng: ctx.rng.fork('train'),
      signal: ctx.signal,
      probe,
      probeEvery: c.probe_every,
      onStep: (s) => ctx.progress({ done: s.step + 1, total: s.totalSteps, unit: 'step', loss: s.runningLoss }),
      onProbe: (step, r) => {
        ctx.metric('aux_accuracy', r.accuracy, step);
        ctx.metric('aux_uniform_gap', r.uniformGap, step);
        last.aux_accuracy = r.accuracy;
      },
      onEpoch: async (epoch, meanLoss, live) => {
        ctx.metric('loss', meanLoss, epoch, 'epoch');
        const m = await environmentMetrics(model.arch, live, ds);
        for (const [k, v] of Object.entries(m)) ctx.metric(k, v, epoch, 'epoch');
        last = { ...last, loss: meanLoss, ...m };
      },
    });
    const seconds = (performance.now() - started) / 1000;
    ctx.metric('train_seconds', seconds);
    trained.meta = {
      ...trained.meta,
      metrics: { ...trained.meta?.metrics, ...last },
      training: { plugin: ctx.stage.pluginId, stage: ctx.stage.name, epochs: c.epochs, batch: c.batch, seconds },
    };
    const result: Record<string, JsonValue> = {
      ...last,
      aux: { after: point.layer, featureShape: point.featureShape, lowerParams: point.lowerParams, hidden: c.aux_hidden, local: c.aux_local, steps: c.aux_steps, resetEvery: c.aux_reset_every, warmup: c.aux_warmup, pool: c.aux_pool, normalize: c.aux_normalize },
      groups: { main: groups.main.length, aux: groups.aux.length, forget: c.forget_every > 0 ? groups.forget.length : 0 },
      forgetParams: c.forget_every > 0 ? groups.forget : [],
      seconds: +seconds.toFixed(2),
    };
    return { output: trained, result };
  },
  docs: 'Feature-sieve training with three optimizers (main, aux, forget). See docs/plugins/train-sieve.md and docs/techniques/feature-sieve.md.',
});
