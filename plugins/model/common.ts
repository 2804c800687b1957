/** What the model stages share: reading the Dataset they size themselves from, spec errors. */
import type { PluginContext } from '../../kernel/plugin.js';
import { checkDataset, type TensorDataset } from '../../lib/data/index.js';
import { countParams, initModel, layerShapes, SpecError, type Model, type ModelSpec } from '../../lib/nn/index.js';

export function datasetInput(inputs: Record<string, unknown>): TensorDataset | undefined {
  const ds = inputs.data as TensorDataset | undefined;
  if (ds) checkDataset(ds);
  return ds;
}

/** Initialises the spec from the stage's seed; a SpecError points at `option`. */
export function buildModel(
  ctx: PluginContext,
  spec: ModelSpec,
  option: (string | number)[],
): { output: Model; result: { params: number; shapes: number[][] } } {
  let shapes: number[][];
  try {
    shapes = layerShapes(spec);
  } catch (e) {
    if (e instanceof SpecError) ctx.configError(option, e.message);
    throw e;
  }
  const model = initModel(spec, ctx.rng.fork('init'));
  const params = countParams(model);
  ctx.log(`${spec.layers.length} layers, ${params} trainable parameters`);
  ctx.metric('params', params);
  return { output: model, result: { params, shapes } };
}
