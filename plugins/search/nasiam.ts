/**
 * `search nasiam`: differentiable architecture search over SimSiam's projector and predictor.
 * Each head layer mixes the candidates by softmax(α); weights step on one half of the rows and
 * α on the other (first-order DARTS); α is discretised by argmax. The output is a `Model.siamese`
 * carrying the found architecture, which `model simsiam from <this stage>` retrains.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveNumber } from '../../kernel/schema.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import { CANDIDATES, type Candidate } from '../../lib/nasiam/index.js';
import {
  backboneIssues,
  candidateIssues,
  layerIssues,
  runSiamese,
  siameseRunSchema,
  type SiameseArtifact,
  type SiameseRunConfig,
} from '../nasiam/common.js';

export interface NasiamConfig extends SiameseRunConfig {
  projector_layers: number;
  predictor_layers: number;
  candidates: string[];
  alpha_lr: number;
}

function issues(c: NasiamConfig): ConfigIssue[] {
  return [
    ...layerIssues('projector_layers', c.projector_layers),
    ...layerIssues('predictor_layers', c.predictor_layers),
    ...candidateIssues('candidates', c.candidates),
    ...backboneIssues(c),
  ];
}

export const nasiamSearchPlugin = definePlugin<NasiamConfig, SiameseArtifact>({
  id: 'search/nasiam',
  version: '1.0.0',
  kind: 'search',
  description: 'DARTS search of SimSiam projector/predictor heads (first-order, bilevel on two data halves)',
  configSchema: {
    type: 'object',
    properties: {
      ...siameseRunSchema,
      projector_layers: { type: 'integer', default: 3 },
      predictor_layers: { type: 'integer', default: 2 },
      candidates: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        default: ['identity', 'linear_relu', 'linear_silu', 'linear_hardswish', 'linear_elu'],
      },
      alpha_lr: { ...positiveNumber, default: 3e-3 },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset', description: 'images; labels are not used' } },
  output: 'Model.siamese',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const out = await runSiamese(ctx, inputs.data as TensorDataset, c, {
      projectorLayers: c.projector_layers,
      predictorLayers: c.predictor_layers,
      candidates: c.candidates as Candidate[],
      alphaLr: c.alpha_lr,
    });
    const { projector, predictor } = out.architecture;
    ctx.log(`nasiam: projector [${projector.join(', ')}], predictor [${predictor.join(', ')}]`);
    return {
      output: out,
      result: { architecture: { projector, predictor }, alphas: out.alphas, candidates: c.candidates },
    };
  },
  docs: `Candidates: ${CANDIDATES.join(', ')}. Every head layer has width \`dim\`, so the backbone must end with \`dim\`. The backbone is an MLP (dense + relu), chosen for speed on CPU.`,
});
