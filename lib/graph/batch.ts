/**
 * Mini-batches of graphs as one block-diagonal graph: the chosen graphs' nodes are renumbered
 * 0..N-1 in order, their edges shifted with them, and `graph[v]` says which graph of the batch
 * node v belongs to — the index that readout sums over. No edge crosses graphs, so message
 * passing on the batch is message passing on each graph.
 */
import type { GraphDataset } from './dataset.js';

export interface GraphBatch {
  numGraphs: number;
  numNodes: number;
  featureDim: number;
  /** [numNodes × featureDim] */
  x: Float32Array;
  /** Edges in batch-local node ids; messages flow src → dst. */
  src: Int32Array;
  dst: Int32Array;
  /** Batch index (0..numGraphs-1) of each node's graph. */
  graph: Int32Array;
  /** Class of each graph. */
  y: Int32Array;
}

/** The batch of graphs `ids` (in that order). */
export function makeGraphBatch(ds: GraphDataset, ids: ArrayLike<number>): GraphBatch {
  const G = ids.length;
  const F = ds.featureDim;
  let N = 0;
  let E = 0;
  for (let i = 0; i < G; i++) {
    const g = ids[i]!;
    N += ds.nodeStart[g + 1]! - ds.nodeStart[g]!;
    E += ds.edgeStart[g + 1]! - ds.edgeStart[g]!;
  }
  const b: GraphBatch = {
    numGraphs: G,
    numNodes: N,
    featureDim: F,
    x: new Float32Array(N * F),
    src: new Int32Array(E),
    dst: new Int32Array(E),
    graph: new Int32Array(N),
    y: new Int32Array(G),
  };
  let n = 0;
  let e = 0;
  for (let i = 0; i < G; i++) {
    const g = ids[i]!;
    const lo = ds.nodeStart[g]!;
    const hi = ds.nodeStart[g + 1]!;
    b.x.set(ds.x.subarray(lo * F, hi * F), n * F);
    b.graph.fill(i, n, n + hi - lo);
    const shift = n - lo;
    for (let k = ds.edgeStart[g]!; k < ds.edgeStart[g + 1]!; k++, e++) {
      b.src[e] = ds.src[k]! + shift;
      b.dst[e] = ds.dst[k]! + shift;
    }
    b.y[i] = ds.y[g]!;
    n += hi - lo;
  }
  return b;
}

/** Number of incoming edges of each node. */
export function inDegrees(b: Pick<GraphBatch, 'numNodes' | 'dst'>): Int32Array {
  const deg = new Int32Array(b.numNodes);
  for (const d of b.dst) deg[d]!++;
  return deg;
}

/**
 * Each node's closed neighbourhood (itself, then its in-neighbours) as rows of equal width
 * (max in-degree + 1), padded by repeating the node itself: a max over a row is then the max
 * over the neighbourhood, with no masking.
 */
export function closedNeighbourhoods(b: Pick<GraphBatch, 'numNodes' | 'src' | 'dst'>): { index: Int32Array; width: number } {
  const deg = inDegrees(b);
  const width = deg.reduce((a, d) => Math.max(a, d), 0) + 1;
  const index = new Int32Array(b.numNodes * width);
  const used = new Int32Array(b.numNodes).fill(1);
  for (let v = 0; v < b.numNodes; v++) index.fill(v, v * width, (v + 1) * width);
  b.dst.forEach((d, e) => (index[d * width + used[d]!++] = b.src[e]!));
  return { index, width };
}

/** Nodes of each graph of the batch. */
export function graphSizes(b: Pick<GraphBatch, 'numGraphs' | 'graph'>): Int32Array {
  const size = new Int32Array(b.numGraphs);
  for (const g of b.graph) size[g]!++;
  return size;
}
