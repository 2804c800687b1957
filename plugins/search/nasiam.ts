/**
 * `search nasiam`: differentiable architecture search over SimSiam's projector and predictor.
 * Each head layer mixes the candidates by softmax(α); weights step on one half of the rows and
 * α on the other (first-order DARTS, lib/bilevel); α is discretised by argmax. The output is a
 * `Model.siamese` carrying the found architecture (also `result.architecture`), which
 * `model simsiam from <this stage>` takes to retrain from scratch. α's evolution is plotted.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import type { TensorDataset } from '../../lib/data/dataset.js';
import { CANDIDATES, initSiamese, type Candidate, type SiameseSpec } from '../../lib/nasiam/index.js';
import type { Model } from '../../lib/nn/index.js';
import {
  alphaFigures,
  backboneIssues,
  backboneOptionSchema,
  candidateIssues,
  dimSchema,
  layerIssues,
  pairsInput,
  resolveBackbone,
  runSiamese,
  type ConvnetOptions,
  type SiameseArtifact,
} from '../nasiam/common.js';

export interface NasiamConfig {
  backbone?: ConvnetOptions;
  dim?: number;
  projector_layers: number;
  predictor_layers: number;
  candidates: string[];
  alpha_lr: number;
  weight_lr: number;
  epochs: number;
  batch_size: number;
  train: number;
  monitor_every: number;
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
  version: '2.0.0',
  kind: 'search',
  description: 'DARTS search of SimSiam projector/predictor heads (first-order, bilevel on two data halves)',
  configSchema: {
    type: 'object',
    properties: {
      backbone: backboneOptionSchema,
      dim: dimSchema,
      projector_layers: { type: 'integer', default: 3 },
      predictor_layers: { type: 'integer', default: 2 },
      candidates: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        default: ['identity', 'linear_relu', 'linear_silu', 'linear_hardswish', 'linear_elu'],
      },
      alpha_lr: { ...positiveNumber, default: 3e-3, description: 'Adam (β1 0.5) learning rate of α' },
      weight_lr: { ...positiveNumber, default: 0.05, description: 'SGD (momentum 0.9) learning rate of the weights' },
      epochs: { ...positiveInt, default: 5, description: 'passes over the weight half of the rows' },
      batch_size: { type: 'integer', minimum: 2, default: 64 },
      train: { ...positiveInt, default: 4000, description: 'train rows used, split in two halves (labels are ignored)' },
      monitor_every: { ...positiveInt, default: 10 },
    },
    additionalProperties: false,
  },
  inputs: {
    data: { type: 'Dataset.pairs', description: 'augmented pairs; labels are not used' },
    backbone: { type: 'Model.backbone', optional: true, description: 'from `model convnet` (or the backbone option)' },
  },
  output: 'Model.siamese',
  check: issues,
  async run(ctx, inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const data = pairsInput(ctx, inputs.data);
    const backbone = resolveBackbone(ctx, inputs.backbone as Model | undefined, c, data as TensorDataset);
    const spec: SiameseSpec = {
      backbone: backbone.arch,
      projectorLayers: c.projector_layers,
      predictorLayers: c.predictor_layers,
      candidates: c.candidates as Candidate[],
    };
    const { head, alphas } = initSiamese(spec, ctx.rng.fork('head'));
    const out = await runSiamese(ctx, data, spec, {
      epochs: c.epochs,
      batch: c.batch_size,
      weightLr: c.weight_lr,
      alphaLr: c.alpha_lr,
      rows: c.train,
      monitorEvery: c.monitor_every,
      init: { backbone: backbone.params, head, alphas },
    });
    alphaFigures(ctx, out.alphaHistory, c.candidates);
    const { projector, predictor } = out.architecture;
    ctx.log(`nasiam: projector [${projector.join(', ')}], predictor [${predictor.join(', ')}]`);
    const output: SiameseArtifact = {
      kind: 'siamese',
      spec,
      architecture: out.architecture,
      backbone: out.backbone,
      head: out.head,
      alphas: out.alphas,
      epochs: c.epochs,
      embeddingStd: out.embeddingStd,
    };
    return { output, result: { architecture: { projector, predictor }, alphas: out.alphas, candidates: c.candidates } };
  },
  docs: `Candidates: ${CANDIDATES.join(', ')}. Every head layer has width \`dim\` = the backbone's output width. See docs/plugins/search-nasiam.md.`,
});
