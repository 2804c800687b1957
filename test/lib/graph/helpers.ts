/** Small hand-made graphs for the graph tests, built straight into a GraphDataset. */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import type { GraphDataset, GraphModelSpec } from '../../../lib/graph/index.js';

export { createRng };

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** An undirected graph: node count and edge pairs (0-based, each listed once). */
export interface SmallGraph {
  n: number;
  edges: [number, number][];
  label: number;
}

export const cycle = (n: number, label = 0): SmallGraph => ({ n, edges: Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as [number, number]), label });
export const complete = (n: number, label = 0): SmallGraph => {
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
  return { n, edges, label };
};
export const path = (n: number, label = 0): SmallGraph => ({ n, edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]), label });
export const star = (leaves: number, label = 0): SmallGraph => ({ n: leaves + 1, edges: Array.from({ length: leaves }, (_, i) => [0, i + 1] as [number, number]), label });

/**
 * Packs graphs into a dataset, both directions of every edge. Features: `constant` (one column
 * of ones, the setting where only structure can tell graphs apart), or `random` columns.
 */
export function toDataset(graphs: SmallGraph[], features: { constant: true } | { random: number; seed?: number } | { given: number[][] }): GraphDataset {
  const nodeStart = [0];
  const edgeStart = [0];
  const src: number[] = [];
  const dst: number[] = [];
  for (const g of graphs) {
    const base = nodeStart.at(-1)!;
    for (const [a, b] of g.edges) {
      src.push(base + a, base + b);
      dst.push(base + b, base + a);
    }
    nodeStart.push(base + g.n);
    edgeStart.push(src.length);
  }
  const numNodes = nodeStart.at(-1)!;
  let dim: number;
  let x: Float32Array;
  if ('constant' in features) {
    dim = 1;
    x = new Float32Array(numNodes).fill(1);
  } else if ('given' in features) {
    dim = features.given[0]!.length;
    x = Float32Array.from(features.given.flat());
  } else {
    dim = features.random;
    const rng = createRng(features.seed ?? 5, 'features');
    x = Float32Array.from({ length: numNodes * dim }, () => rng.normal());
  }
  const numClasses = Math.max(...graphs.map((g) => g.label)) + 1;
  return {
    kind: 'graph',
    name: 'handmade',
    numGraphs: graphs.length,
    numNodes,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
    featureDim: dim,
    features: 'test',
    x,
    nodeStart: Int32Array.from(nodeStart),
    edgeStart: Int32Array.from(edgeStart),
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    y: Int32Array.from(graphs.map((g) => g.label)),
  };
}

export function ginSpec(over: Partial<GraphModelSpec> & { inputDim: number; numClasses: number }): GraphModelSpec {
  return {
    type: 'graph',
    kind: 'gin',
    layers: 3,
    hidden: 4,
    mlpLayers: 2,
    eps: 0,
    aggregate: 'sum',
    readout: 'sum',
    dropout: 0,
    bnMomentum: 0.9,
    bnEpsilon: 1e-5,
    ...over,
  };
}
