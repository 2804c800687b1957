/**
 * `model gcn { layers: 5, hidden: 64, readout: sum, dropout: 0.5 }` → Model.graph: the graph
 * convolution of Kipf & Welling, h ← ReLU(BN(D^-½(A+I)D^-½·h·W)), in the same frame as GIN
 * (batch norm, readout over every layer), as the baseline of the GIN paper's comparison.
 */
import { definePlugin } from '../../kernel/plugin.js';
import type { GraphModel, Readout } from '../../lib/graph/index.js';
import { buildGraphModel, graphDataset, graphModelOptions } from '../graph/common.js';

export interface GcnConfig {
  layers: number;
  hidden: number;
  readout: Readout;
  dropout: number;
}

export const gcnPlugin = definePlugin<GcnConfig, GraphModel>({
  id: 'model/gcn',
  version: '1.0.0',
  kind: 'model',
  description: 'Graph convolutional network (symmetric-normalised mean with self loops, one linear map per layer)',
  configSchema: { type: 'object', properties: { ...graphModelOptions }, additionalProperties: false },
  inputs: { data: { type: 'Dataset.graph', description: 'sizes the input features and the classes' } },
  output: 'Model.graph',
  async run(ctx, inputs, c) {
    const ds = graphDataset(inputs);
    return buildGraphModel(ctx, {
      type: 'graph',
      kind: 'gcn',
      inputDim: ds.featureDim,
      numClasses: ds.numClasses,
      layers: c.layers,
      hidden: c.hidden,
      mlpLayers: 1,
      eps: 0,
      aggregate: 'sum',
      readout: c.readout,
      dropout: c.dropout,
      bnMomentum: 0.9,
      bnEpsilon: 1e-5,
    });
  },
  docs: 'Same depth, batch norm and readout as model gin; only the layer differs. See docs/plugins/model-gin.md.',
});
