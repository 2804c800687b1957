/**
 * A graph batch as tensors, with the per-batch constants a model needs computed once on the
 * host (degrees, GCN edge weights, padded neighbourhoods) rather than in every layer. Converts
 * to and from the training loop's `LoopBatch` (x, y, extra tensors) so lib/nn's trainLoop
 * drives graph training unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoopBatch } from '../nn/batches.js';
import { closedNeighbourhoods, graphSizes, inDegrees, type GraphBatch } from './batch.js';
import type { GraphModelSpec } from './spec.js';

export interface BatchNeeds {
  /** 1 / (in-degree + 1): mean over the closed neighbourhood. */
  invDegree?: boolean;
  /** Padded closed neighbourhoods: max aggregation. */
  neighbourhoods?: boolean;
  /** Symmetric-normalised edge and self-loop weights: GCN. */
  gcnWeights?: boolean;
  /** 1 / nodes per graph: mean readout. */
  invGraphSize?: boolean;
}

export interface GraphTensors {
  /** [N, F] node features. */
  x: tf.Tensor2D;
  /** [G] int32 classes. */
  y: tf.Tensor1D;
  src: tf.Tensor1D;
  dst: tf.Tensor1D;
  /** [N] int32: graph of each node. */
  graph: tf.Tensor1D;
  numNodes: number;
  numGraphs: number;
  invDegree?: tf.Tensor2D;
  /** [N · width] int32 and its row width. */
  neighbourhoods?: tf.Tensor1D;
  neighbourhoodWidth?: number;
  /** [E, 1] and [N, 1]. */
  edgeWeight?: tf.Tensor2D;
  selfWeight?: tf.Tensor2D;
  /** [G, 1] */
  invGraphSize?: tf.Tensor2D;
}

export function batchNeeds(s: GraphModelSpec): BatchNeeds {
  return {
    invDegree: s.kind === 'gin' && s.aggregate === 'mean',
    neighbourhoods: s.kind === 'gin' && s.aggregate === 'max',
    gcnWeights: s.kind === 'gcn',
    invGraphSize: s.readout === 'mean',
  };
}

const column = (v: Float32Array) => tf.tensor2d(v, [v.length, 1]);

export function graphTensors(b: GraphBatch, needs: BatchNeeds = {}): GraphTensors {
  const t: GraphTensors = {
    x: tf.tensor2d(b.x, [b.numNodes, b.featureDim]),
    y: tf.tensor1d(b.y, 'int32'),
    src: tf.tensor1d(b.src, 'int32'),
    dst: tf.tensor1d(b.dst, 'int32'),
    graph: tf.tensor1d(b.graph, 'int32'),
    numNodes: b.numNodes,
    numGraphs: b.numGraphs,
  };
  if (needs.invDegree || needs.gcnWeights) {
    const closed = Float32Array.from(inDegrees(b), (d) => d + 1);
    if (needs.invDegree) t.invDegree = column(closed.map((d) => 1 / d));
    if (needs.gcnWeights) {
      t.selfWeight = column(closed.map((d) => 1 / d));
      t.edgeWeight = column(Float32Array.from(b.src, (s, e) => 1 / Math.sqrt(closed[s]! * closed[b.dst[e]!]!)));
    }
  }
  if (needs.neighbourhoods) {
    const { index, width } = closedNeighbourhoods(b);
    t.neighbourhoods = tf.tensor1d(index, 'int32');
    t.neighbourhoodWidth = width;
  }
  if (needs.invGraphSize) t.invGraphSize = column(Float32Array.from(graphSizes(b), (n) => 1 / Math.max(1, n)));
  return t;
}

const EXTRA = ['src', 'dst', 'graph', 'invDegree', 'neighbourhoods', 'edgeWeight', 'selfWeight', 'invGraphSize'] as const;

export function disposeGraphTensors(t: GraphTensors): void {
  tf.dispose([t.x, t.y, ...EXTRA.flatMap((k) => (t[k] ? [t[k] as tf.Tensor] : []))]);
}

export function toLoopBatch(t: GraphTensors): LoopBatch {
  const extra: Record<string, tf.Tensor> = {};
  for (const k of EXTRA) if (t[k]) extra[k] = t[k]!;
  return { x: t.x, y: t.y, extra };
}

export function fromLoopBatch(b: LoopBatch): GraphTensors {
  const e = b.extra ?? {};
  if (!e.src || !e.dst || !e.graph) throw new Error('not a graph batch: src, dst and graph index missing');
  const t = { x: b.x, y: b.y, ...e, numNodes: b.x.shape[0]!, numGraphs: b.y.shape[0]! } as GraphTensors;
  if (t.neighbourhoods) t.neighbourhoodWidth = t.neighbourhoods.shape[0]! / t.numNodes;
  return t;
}
