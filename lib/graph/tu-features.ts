/**
 * Node features of a TU set, as the GIN paper builds them: the discrete node label one-hot
 * (over the distinct values seen), or, for sets without node labels (social networks), the
 * node degree one-hot; optionally the continuous node attributes appended.
 */
import type { NumberLines } from './tu-lines.js';

/** `auto`: labels when the set has them, else degree. */
export type FeatureChoice = 'auto' | 'labels' | 'degree';

export interface FeatureInput {
  numNodes: number;
  /** In-degree of each node (= degree for the symmetric edge lists of TU sets). */
  degree: Int32Array;
  nodeLabels?: NumberLines;
  attributes?: NumberLines;
  choice: FeatureChoice;
}

export class MissingNodeLabelsError extends Error {
  constructor() {
    super('this set has no node labels file');
    this.name = 'MissingNodeLabelsError';
  }
}

/** One-hot of `values` over their sorted distinct values. */
function oneHot(values: ArrayLike<number>): { columns: number; fill(row: number, out: Float32Array, offset: number): void } {
  const distinct = [...new Set(Array.from(values))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { columns: distinct.length, fill: (row, out, offset) => void (out[offset + index.get(values[row]!)!] = 1) };
}

export function nodeFeatures(f: FeatureInput): { x: Float32Array; dim: number; description: string } {
  const useLabels = f.choice === 'labels' || (f.choice === 'auto' && f.nodeLabels !== undefined);
  if (useLabels && !f.nodeLabels) throw new MissingNodeLabelsError();
  // Only the first label column: multi-column label files are rare and their columns unrelated.
  const base = useLabels
    ? oneHot(Float64Array.from({ length: f.numNodes }, (_, i) => f.nodeLabels!.values[i * f.nodeLabels!.width]!))
    : oneHot(f.degree);
  const attrDim = f.attributes?.width ?? 0;
  const dim = base.columns + attrDim;
  const x = new Float32Array(f.numNodes * dim);
  for (let i = 0; i < f.numNodes; i++) {
    base.fill(i, x, i * dim);
    for (let a = 0; a < attrDim; a++) x[i * dim + base.columns + a] = f.attributes!.values[i * attrDim + a]!;
  }
  const what = `${useLabels ? 'node labels' : 'degree'} one-hot (${base.columns})`;
  return { x, dim, description: attrDim ? `${what} + attributes (${attrDim})` : what };
}
