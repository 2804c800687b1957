/**
 * The `Dataset.graph` artifact: many small graphs as flat typed arrays (CSR over graphs), so it
 * caches on disk and crosses process boundaries as plain data, and a mini-batch of graphs is a
 * few array copies away (batch.ts).
 */

export interface GraphDataset {
  kind: 'graph';
  name: string;
  numGraphs: number;
  numNodes: number;
  numClasses: number;
  /** The label of each class index as the source wrote it (`-1`, `1`, ...). */
  classNames: string[];
  /** Columns of `x`. */
  featureDim: number;
  /** What the columns are, for logs: `node labels (7)`, `degree (12)`, `+ attributes (1)`. */
  features: string;
  /** [numNodes × featureDim], row-major; node ids are 0-based in graph order. */
  x: Float32Array;
  /** Graph g owns nodes nodeStart[g] .. nodeStart[g+1]-1; length numGraphs + 1. */
  nodeStart: Int32Array;
  /**
   * Directed edges grouped by graph: graph g's are edgeStart[g] .. edgeStart[g+1]-1. Endpoints
   * are global node ids; an undirected edge appears once per direction (as TU files store it).
   */
  edgeStart: Int32Array;
  src: Int32Array;
  dst: Int32Array;
  /** First column of the edge labels file, aligned with src/dst, when the set has one. */
  edgeLabel?: Int32Array;
  /** Class index of each graph. */
  y: Int32Array;
  /** Stratified cross-validation folds: fold of each graph, seeded from the pipeline seed. */
  folds?: { k: number; of: Int32Array };
}

/** Throws a plain Error naming the first inconsistency (sizes, ids, labels, folds). */
export function checkGraphDataset(ds: GraphDataset): void {
  if (ds.kind !== 'graph') throw new Error(`dataset kind '${String(ds.kind)}' is not 'graph'`);
  const G = ds.numGraphs;
  const N = ds.numNodes;
  if (ds.nodeStart.length !== G + 1 || ds.nodeStart[0] !== 0 || ds.nodeStart[G] !== N) {
    throw new Error(`nodeStart must run from 0 to ${N} over ${G} graphs`);
  }
  if (ds.x.length !== N * ds.featureDim) throw new Error(`x has ${ds.x.length} values, expected ${N} × ${ds.featureDim}`);
  const E = ds.src.length;
  if (ds.dst.length !== E || ds.edgeStart.length !== G + 1 || ds.edgeStart[G] !== E) {
    throw new Error(`edge arrays disagree: ${E} sources, ${ds.dst.length} targets, edgeStart ends at ${ds.edgeStart[G]}`);
  }
  for (let g = 0; g < G; g++) {
    const lo = ds.nodeStart[g]!;
    const hi = ds.nodeStart[g + 1]!;
    for (let e = ds.edgeStart[g]!; e < ds.edgeStart[g + 1]!; e++) {
      const s = ds.src[e]!;
      const d = ds.dst[e]!;
      if (s < lo || s >= hi || d < lo || d >= hi) throw new Error(`edge ${e} (${s} → ${d}) leaves graph ${g}`);
    }
  }
  if (ds.y.length !== G) throw new Error(`y has ${ds.y.length} labels for ${G} graphs`);
  for (let g = 0; g < G; g++) {
    if (ds.y[g]! < 0 || ds.y[g]! >= ds.numClasses) throw new Error(`graph ${g}: label ${ds.y[g]} outside 0..${ds.numClasses - 1}`);
  }
  if (ds.folds && ds.folds.of.length !== G) throw new Error(`folds cover ${ds.folds.of.length} graphs, the set has ${G}`);
}

/** Graphs per class. */
export function graphClassCounts(ds: Pick<GraphDataset, 'y' | 'numClasses'>): number[] {
  const c = new Array<number>(ds.numClasses).fill(0);
  for (const v of ds.y) c[v]!++;
  return c;
}

/** The ids of the graphs where `keep(fold)` holds. */
export function graphsWhere(folds: Int32Array, keep: (fold: number) => boolean): Int32Array {
  const out: number[] = [];
  folds.forEach((f, g) => {
    if (keep(f)) out.push(g);
  });
  return Int32Array.from(out);
}
