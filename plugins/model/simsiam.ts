/**
 * `model simsiam`: SimSiam (stop-gradient, symmetric negative cosine) with a fixed head, trained
 * on augmented pairs. The head is given as candidate lists (`projector`, `predictor`) or taken
 * from an upstream `search nasiam` (`model simsiam from search { }`).
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import type { Candidate } from '../../lib/nasiam/index.js';
import { backboneIssues, candidateIssues, layerIssues, runSiamese, siameseRunSchema, type SiameseArtifact, type SiameseRunConfig } from '../nasiam/common.js';

export interface SimsiamConfig extends SiameseRunConfig {
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
  version: '1.0.0',
  kind: 'model',
  description: 'SimSiam with an MLP backbone and a fixed (standard or searched) projector/predictor',
  configSchema: {
    type: 'object',
    properties: {
      ...siameseRunSchema,
      // the standard SimSiam head, at width dim: linear+relu layers, a linear output
      projector: { type: 'array', items: { type: 'string' }, default: ['linear_relu', 'linear_relu', 'linear'] },
      predictor: { type: 'array', items: { type: 'string' }, default: ['linear_relu', 'linear'] },
    },
    additionalProperties: false,
  },
  inputs: {
    data: { type: 'Dataset' },
    searched: { type: 'Model.siamese', optional: true, description: 'a searched head to retrain from scratch' },
  },
  output: 'Model.siamese',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const searched = inputs.searched as SiameseArtifact | undefined;
    const arch = searched?.architecture ?? { projector: c.projector as Candidate[], predictor: c.predictor as Candidate[] };
    if (searched) ctx.log(`simsiam: searched head, projector [${arch.projector.join(', ')}], predictor [${arch.predictor.join(', ')}]`);
    const out = await runSiamese(ctx, inputs.data as TensorDataset, c, {
      projectorLayers: arch.projector.length,
      predictorLayers: arch.predictor.length,
      candidates: [...new Set([...arch.projector, ...arch.predictor])],
      alphaLr: 0,
      arch,
    });
    return { output: out, result: { architecture: { projector: arch.projector, predictor: arch.predictor } } };
  },
});
