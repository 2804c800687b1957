/**
 * `model simsiam { backbone, projector, predictor }` → an untrained Model.siamese: SimSiam's
 * backbone (an upstream `model convnet`, or `backbone: { channels }` inline) and a fixed head
 * given as candidate lists, or the head found by an upstream `search nasiam` (`from search`),
 * freshly initialised so that `train simsiam` retrains it from scratch. The defaults are
 * SimSiam's heads: projector Linear-BN-ReLU ×2 then Linear-BN, predictor Linear-BN-ReLU then Linear.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import { initSiamese, type Candidate, type HeadArchitecture, type SiameseSpec } from '../../lib/nasiam/index.js';
import { initModel, type Model } from '../../lib/nn/index.js';
import {
  backboneIssues,
  backboneOptionSchema,
  candidateIssues,
  dimSchema,
  layerIssues,
  resolveBackbone,
  type ConvnetOptions,
  type SiameseArtifact,
} from '../nasiam/common.js';

export interface SimsiamConfig {
  backbone?: ConvnetOptions;
  dim?: number;
  projector: string[];
  predictor: string[];
}

function issues(c: SimsiamConfig): ConfigIssue[] {
  return [
    ...layerIssues('projector', c.projector.length),
    ...layerIssues('predictor', c.predictor.length),
    ...candidateIssues('projector', c.projector),
    ...candidateIssues('predictor', c.predictor),
    ...backboneIssues(c),
  ];
}

export const simsiamPlugin = definePlugin<SimsiamConfig, SiameseArtifact>({
  id: 'model/simsiam',
  version: '2.0.0',
  kind: 'model',
  description: 'SimSiam network (conv backbone, projector, predictor) with a fixed standard or searched head, untrained',
  configSchema: {
    type: 'object',
    properties: {
      backbone: backboneOptionSchema,
      dim: dimSchema,
      // Batch norm follows every linear layer but the predictor's last (see lib/nasiam/siamese-net.ts).
      projector: { type: 'array', items: { type: 'string' }, default: ['linear_relu', 'linear_relu', 'linear'] },
      predictor: { type: 'array', items: { type: 'string' }, default: ['linear_relu', 'linear'] },
    },
    additionalProperties: false,
  },
  inputs: {
    data: { type: 'Dataset', optional: true, description: 'sizes an inline backbone' },
    backbone: { type: 'Model.backbone', optional: true, description: 'from `model convnet`' },
    searched: { type: 'Model.siamese', optional: true, description: 'take this head architecture (e.g. from `search nasiam`)' },
  },
  output: 'Model.siamese',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const searched = inputs.searched as SiameseArtifact | undefined;
    let upstream = inputs.backbone as Model | undefined;
    // With only a searched model, rebuild its backbone afresh: retraining is from scratch.
    if (!upstream && !c.backbone && searched) upstream = initModel(searched.spec.backbone, ctx.rng.fork('backbone'));
    const backbone = resolveBackbone(ctx, upstream, c, inputs.data as TensorDataset | undefined);
    const arch: HeadArchitecture = searched
      ? { projector: [...searched.architecture.projector], predictor: [...searched.architecture.predictor] }
      : { projector: c.projector as Candidate[], predictor: c.predictor as Candidate[] };
    const spec: SiameseSpec = {
      backbone: backbone.arch,
      projectorLayers: arch.projector.length,
      predictorLayers: arch.predictor.length,
      candidates: [...new Set([...arch.projector, ...arch.predictor])],
    };
    const { head } = initSiamese(spec, ctx.rng.fork('head'), arch);
    ctx.log(`simsiam${searched ? ' (searched head)' : ''}: projector [${arch.projector.join(', ')}], predictor [${arch.predictor.join(', ')}]`);
    const output: SiameseArtifact = { kind: 'siamese', spec, architecture: arch, backbone: backbone.params, head, alphas: {}, epochs: 0, embeddingStd: NaN };
    return { output, result: { architecture: { projector: arch.projector, predictor: arch.predictor } } };
  },
  docs: 'Untrained; follow with `train simsiam`. See docs/plugins/model-simsiam.md and docs/techniques/nasiam.md.',
});
