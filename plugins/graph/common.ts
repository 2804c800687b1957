/**
 * What the graph stages share on the plugin side: reading the Dataset.graph / Model.graph
 * inputs with clear errors, the stratified folds seeded from the pipeline seed (so `data tu`
 * and `evaluate cv` agree on them for the same fold count), and the fold-count check that
 * points at the `.pipe`.
 */
import type { PluginContext } from '../../kernel/plugin.js';
import { createRng } from '../../kernel/rng.js';
import {
  checkGraphDataset,
  checkGraphModel,
  countGraphParams,
  graphClassCounts,
  initGraphParams,
  stratifiedFolds,
  type GraphDataset,
  type GraphModel,
  type GraphModelSpec,
} from '../../lib/graph/index.js';

/** Options every graph model stage shares (model gin, model gcn). */
export const graphModelOptions = {
  layers: { type: 'integer', minimum: 2, default: 5, description: 'representations including the input (the paper counts so): layers − 1 rounds of message passing' },
  hidden: { type: 'integer', minimum: 1, default: 64 },
  readout: { enum: ['sum', 'mean'], default: 'sum', description: 'pooling of each representation over a graph' },
  dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.5, description: "on each layer's class scores before they are summed" },
};

export function graphDataset(inputs: Record<string, unknown>, port = 'data'): GraphDataset {
  const ds = inputs[port] as GraphDataset | undefined;
  if (!ds) throw new Error(`no graph dataset on input '${port}'`);
  if ((ds as { kind?: unknown }).kind !== 'graph') {
    throw new Error(`this stage needs a graph dataset (data tu), got a '${String((ds as { kind?: unknown }).kind)}' dataset`);
  }
  checkGraphDataset(ds);
  return ds;
}

/** The model input, checked against the data it will read. */
export function graphModel(inputs: Record<string, unknown>, ds: GraphDataset): GraphModel {
  const m = inputs.model as GraphModel;
  checkGraphModel(m);
  if (m.arch.inputDim !== ds.featureDim) throw new Error(`the model reads ${m.arch.inputDim} node features, ${ds.name} has ${ds.featureDim} (${ds.features})`);
  if (m.arch.numClasses !== ds.numClasses) throw new Error(`the model predicts ${m.arch.numClasses} classes, ${ds.name} has ${ds.numClasses}`);
  return m;
}

/**
 * Fails at `path` in the .pipe when some class has fewer graphs than folds (a fold would test
 * on none of that class).
 */
export function checkFoldCount(ctx: PluginContext, ds: GraphDataset, k: number, path: (string | number)[]): void {
  const counts = graphClassCounts(ds);
  let smallest = -1;
  counts.forEach((c, i) => {
    if (c > 0 && (smallest < 0 || c < counts[smallest]!)) smallest = i;
  });
  if (k > counts[smallest]!) {
    const msg = `${k} folds, but class '${ds.classNames[smallest]}' of ${ds.name} has only ${counts[smallest]} graphs: some fold would test on none of it`;
    ctx.configError(path, msg, `use at most ${counts[smallest]} folds`);
  }
}

/** Stratified folds from the pipeline seed and the fold count only. */
export function pipelineFolds(ds: GraphDataset, k: number, seed: number): Int32Array {
  return stratifiedFolds(ds.y, ds.numClasses, k, createRng(seed, `graph-folds-${k}`));
}

/** A freshly initialised model of `spec` (seeded by the stage), logged and summarised. */
export function buildGraphModel(ctx: PluginContext, spec: GraphModelSpec): { output: GraphModel; result: { params: number; arch: string } } {
  const params = countGraphParams(spec);
  const arch = describeArch(spec);
  ctx.log(`${arch}: ${params} trainable parameters`);
  ctx.metric('params', params);
  return { output: { arch: spec, params: initGraphParams(spec, ctx.rng.fork('init')), meta: {} }, result: { params, arch } };
}

export function describeArch(s: GraphModelSpec): string {
  const conv = s.kind === 'gcn' ? 'GCN' : `GIN (${s.aggregate}, ε ${s.eps === 'learn' ? 'learned' : s.eps}, ${s.mlpLayers}-layer MLPs)`;
  return `${conv}, ${s.layers - 1} message-passing layers of ${s.hidden}, ${s.readout} readout over ${s.layers} representations`;
}
