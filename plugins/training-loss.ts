/**
 * The `loss:` option of every training stage (train sgd|adam, the sparsify stages): resolved from
 * the stage's loss registry, and checked against the training inputs when the loss assumes an
 * input range (crown_ibp clips its eps-ball to `domain`; pixels outside it would make the
 * certified loss silently wrong).
 */
import type { PluginContext } from '../kernel/plugin.js';
import type { Split, TensorDataset } from '../lib/data/index.js';
import { outsideLossDomain, resolveLoss, type LossFn, type LossRegistry, type Model } from '../lib/nn/index.js';
import { configured } from './configured.js';

export function trainingLoss(ctx: PluginContext, value: unknown, losses: LossRegistry, model: Model, ds: TensorDataset, train: Split): LossFn {
  const loss = configured(ctx, () => resolveLoss(value, losses, { spec: model.arch, numClasses: ds.numClasses }), ['loss']);
  const seen = outsideLossDomain(loss, train.x);
  if (seen && loss.inputDomain) {
    const [lo, hi] = loss.inputDomain;
    ctx.configError(
      ['loss', 'kwargs', 'domain'],
      `the training inputs range over [${seen[0]}, ${seen[1]}], outside the loss's input domain [${lo}, ${hi}]`,
      `rescale the data into [${lo}, ${hi}], or pass domain: [${seen[0]}, ${seen[1]}] in the loss call if that is the data's real range`,
    );
  }
  return loss;
}
