/**
 * The functional forward pass of a graph network (spec.ts) on a batch (batch-tensors.ts):
 * parameters come in as a record, as in lib/nn, so training, evaluation and gradient checks
 * pass variables, tensors or perturbed copies alike.
 *
 * GIN layer l (Xu et al., eq. 4.1; the paper's code): h ← ReLU(BN(MLP((1+ε)·h + Σ_{u∈N(v)} h_u))),
 * where MLP = [linear, BN, ReLU] × (mlp_layers−1), linear. Readout (eq. 4.2): every
 * representation h0 .. h(L−1) is pooled per graph (sum or mean), mapped to class scores by its
 * own linear layer, dropped out, and the scores are summed.
 */
import * as tf from '@tensorflow/tfjs';
import { dense } from '../nn/dense.js';
import { applyLayer, type ForwardOptions } from '../nn/forward.js';
import type { ParamTensors } from '../nn/model.js';
import type { GraphTensors } from './batch-tensors.js';
import { graphBatchNorm } from './batch-norm.js';
import { maxOverNeighbourhood, poolGraphs, sumNeighbours, weightedSumNeighbours } from './message-passing.js';
import type { GraphModelSpec } from './spec.js';

export type GraphForwardOptions = Pick<ForwardOptions, 'training' | 'seed' | 'updateStatistics'>;

export interface GraphForward {
  /** [G, classes] */
  logits: tf.Tensor2D;
  /** Node representations h0 .. h(L−1), each [N, width]. */
  nodes: tf.Tensor2D[];
  /** Their per-graph readouts, each [G, width]: the graph embedding, layer by layer. */
  pooled: tf.Tensor2D[];
}

function param(p: ParamTensors, name: string): tf.Tensor {
  const t = p[name];
  if (!t) throw new Error(`parameter '${name}' is missing`);
  return t;
}

function linear(p: ParamTensors, prefix: string, x: tf.Tensor2D): tf.Tensor2D {
  return dense(x, param(p, `${prefix}/kernel`), param(p, `${prefix}/bias`)) as tf.Tensor2D;
}

function batchNorm(s: GraphModelSpec, p: ParamTensors, name: string, x: tf.Tensor2D, o: GraphForwardOptions): tf.Tensor2D {
  return graphBatchNorm(p, name, x, { ...o, momentum: s.bnMomentum, epsilon: s.bnEpsilon });
}

/** (1+ε)·h_v + AGG over neighbours, or the mean / max over the closed neighbourhood. */
function ginCombine(s: GraphModelSpec, p: ParamTensors, l: number, h: tf.Tensor2D, g: GraphTensors): tf.Tensor2D {
  if (s.aggregate === 'max') return maxOverNeighbourhood(h, g.neighbourhoods!, g.neighbourhoodWidth!);
  const self = s.eps === 'learn' ? tf.mul(h, tf.add(param(p, `gin${l}/eps`), 1)) : s.eps === 0 ? h : tf.mul(h, 1 + s.eps);
  const sum = tf.add(self, sumNeighbours(h, g.src, g.dst, g.numNodes)) as tf.Tensor2D;
  return s.aggregate === 'mean' ? tf.mul(sum, g.invDegree!) : sum;
}

function ginLayer(s: GraphModelSpec, p: ParamTensors, l: number, h: tf.Tensor2D, g: GraphTensors, o: GraphForwardOptions): tf.Tensor2D {
  let z = ginCombine(s, p, l, h, g);
  for (let j = 0; j < s.mlpLayers; j++) {
    z = linear(p, `gin${l}/mlp${j}`, z);
    if (j < s.mlpLayers - 1) z = tf.relu(batchNorm(s, p, `gin${l}/mlp${j}_bn`, z, o));
  }
  return tf.relu(batchNorm(s, p, `gin${l}/bn`, z, o));
}

/** Kipf & Welling: Σ over the closed neighbourhood of h_u / √(d_u d_v), d counting the self loop. */
function gcnLayer(s: GraphModelSpec, p: ParamTensors, l: number, h: tf.Tensor2D, g: GraphTensors, o: GraphForwardOptions): tf.Tensor2D {
  const agg = tf.add(tf.mul(h, g.selfWeight!), weightedSumNeighbours(h, g.src, g.dst, g.edgeWeight!, g.numNodes)) as tf.Tensor2D;
  return tf.relu(batchNorm(s, p, `gcn${l}/bn`, linear(p, `gcn${l}/linear`, agg), o));
}

export function graphForward(s: GraphModelSpec, p: ParamTensors, g: GraphTensors, o: GraphForwardOptions): GraphForward {
  if (g.x.shape[1] !== s.inputDim) throw new Error(`the model reads ${s.inputDim} node features, the batch has ${g.x.shape[1]}`);
  const nodes: tf.Tensor2D[] = [g.x];
  for (let l = 1; l < s.layers; l++) {
    const h = nodes[l - 1]!;
    nodes.push(s.kind === 'gin' ? ginLayer(s, p, l, h, g, o) : gcnLayer(s, p, l, h, g, o));
  }
  const pooled = nodes.map((h) => poolGraphs(h, g.graph, g.numGraphs, s.readout === 'mean' ? g.invGraphSize : undefined));
  let logits: tf.Tensor2D | undefined;
  pooled.forEach((v, l) => {
    const score = applyLayer({ type: 'dropout', rate: s.dropout }, l, p, linear(p, `readout${l}`, v), o) as tf.Tensor2D;
    logits = logits ? (tf.add(logits, score) as tf.Tensor2D) : score;
  });
  return { logits: logits!, nodes, pooled };
}
