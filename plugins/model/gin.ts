/**
 * `model gin { layers: 5, hidden: 64, eps: 0 | learn, readout: sum | mean, mlp_layers: 2,
 * dropout: 0.5, aggregate: sum | mean | max }` → Model.graph: the Graph Isomorphism Network of
 * Xu et al. (ICLR 2019), sized from the graph dataset. `aggregate: mean | max` gives the
 * paper's weaker variants (mean/max over the closed neighbourhood) for its expressiveness
 * comparison; everything else stays the same.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import type { Aggregate, GraphModel, Readout } from '../../lib/graph/index.js';
import { buildGraphModel, graphDataset, graphModelOptions } from '../graph/common.js';

export interface GinConfig {
  layers: number;
  hidden: number;
  eps: number | 'learn';
  readout: Readout;
  mlp_layers: number;
  dropout: number;
  aggregate: Aggregate;
}

export const ginPlugin = definePlugin<GinConfig, GraphModel>({
  id: 'model/gin',
  version: '1.0.0',
  kind: 'model',
  description: 'Graph Isomorphism Network (sum aggregation, MLP updates, readout over every layer); mean/max variants',
  configSchema: {
    type: 'object',
    properties: {
      ...graphModelOptions,
      eps: { anyOf: [{ type: 'number' }, { const: 'learn' }], default: 0, description: 'ε in (1+ε)·h_v: a number (GIN-0: 0) or learn' },
      mlp_layers: { type: 'integer', minimum: 1, default: 2, description: 'linear maps per update MLP' },
      aggregate: { enum: ['sum', 'mean', 'max'], default: 'sum', description: 'sum (GIN), or mean / max over the closed neighbourhood' },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset.graph', description: 'sizes the input features and the classes' } },
  output: 'Model.graph',
  check(c): ConfigIssue[] {
    if (c.aggregate === 'max' && c.eps !== 0) {
      return [{ path: ['eps'], message: 'ε weighs the node against the sum of its neighbours; max aggregation takes the max over the closed neighbourhood and has no ε', hint: 'drop eps, or use aggregate: sum | mean' }];
    }
    return [];
  },
  async run(ctx, inputs, c) {
    const ds = graphDataset(inputs);
    return buildGraphModel(ctx, {
      type: 'graph',
      kind: 'gin',
      inputDim: ds.featureDim,
      numClasses: ds.numClasses,
      layers: c.layers,
      hidden: c.hidden,
      mlpLayers: c.mlp_layers,
      eps: c.eps,
      aggregate: c.aggregate,
      readout: c.readout,
      dropout: c.dropout,
      bnMomentum: 0.9,
      bnEpsilon: 1e-5,
    });
  },
  docs: 'h ← ReLU(BN(MLP((1+ε)·h + Σ neighbours))); class scores = Σ over layers of dropout(Linear(readout(h_l))). PyTorch-default initialisation. See docs/plugins/model-gin.md and docs/techniques/gin.md.',
});
