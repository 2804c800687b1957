/**
 * Input handling shared by the stages that take a trained Model (sparsify, compress): lib
 * errors about an option become diagnostics at that option, and a mask that does not fit the
 * model is reported as such rather than as a crash.
 */
import type { PluginContext } from '../kernel/plugin.js';
import type { TensorDataset } from '../lib/data/index.js';
import { checkModel, type Model } from '../lib/nn/index.js';
import { checkFit } from './train/common.js';

export { configured } from './configured.js';

/** The input Model (and Dataset when given), checked; a mask that does not fit is a diagnostic. */
export function readInputs(ctx: PluginContext, inputs: Record<string, unknown>): { model: Model; ds?: TensorDataset } {
  const model = inputs.model as Model;
  const ds = inputs.data as TensorDataset | undefined;
  for (const [name, m] of Object.entries(model.masks ?? {})) {
    const p = model.params[name];
    if (!p || p.data.length !== m.length) {
      const what = p ? `has ${m.length} entries, the parameter ${p.data.length}` : 'names no parameter of the model';
      ctx.configError([], `the input model's mask '${name}' ${what}`, 'the mask comes from another architecture; re-create it for this model');
    }
  }
  if (ds) checkFit(model, ds);
  else checkModel(model);
  return ds ? { model, ds } : { model };
}
