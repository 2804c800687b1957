/**
 * A TU Dortmund graph-classification folder (https://chrsmrrs.github.io/datasets/) as a
 * `GraphDataset`: `NAME_A.txt` (edges, 1-based `node, node`), `NAME_graph_indicator.txt` (graph
 * of each node, sorted), `NAME_graph_labels.txt`, and optionally `NAME_node_labels.txt`,
 * `NAME_node_attributes.txt`, `NAME_edge_labels.txt`. Every inconsistency is reported with the
 * data file's path, line and column (TU002–TU006); a missing file with its name (TU001).
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDataset } from './dataset.js';
import { nodeFeatures, type FeatureChoice } from './tu-features.js';
import { parseNumberLines, TU_CODES, type NumberLines } from './tu-lines.js';

export const TU_REQUIRED = ['A', 'graph_indicator', 'graph_labels'] as const;
export const TU_OPTIONAL = ['node_labels', 'node_attributes', 'edge_labels'] as const;
type TuPart = (typeof TU_REQUIRED)[number] | (typeof TU_OPTIONAL)[number];

/** The folder or some required files are absent; `missing` names the files. */
export class TuMissingError extends Error {
  readonly code = TU_CODES.missingFile;
  constructor(
    readonly dir: string,
    readonly missing: string[],
  ) {
    super(missing.length ? `${dir} lacks ${missing.join(', ')}` : `no dataset folder ${dir}`);
    this.name = 'TuMissingError';
  }
}

export interface TuReadOptions {
  /** How paths appear in diagnostics (the folder as the user wrote it); default `dir`. */
  displayDir?: string;
  features?: FeatureChoice;
  /** Append the continuous node attributes to the features. */
  attributes?: boolean;
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** Reads `dir/NAME_*.txt`. Throws TuMissingError or a DiagnosticError. */
export async function readTuDataset(dir: string, name: string, o: TuReadOptions = {}): Promise<GraphDataset> {
  if (!(await exists(dir))) throw new TuMissingError(o.displayDir ?? dir, []);
  const fileOf = (part: TuPart) => `${name}_${part}.txt`;
  const missing = [];
  for (const part of TU_REQUIRED) if (!(await exists(join(dir, fileOf(part))))) missing.push(fileOf(part));
  if (missing.length) throw new TuMissingError(o.displayDir ?? dir, missing);
  const load = async (part: TuPart, width: number | undefined, integer: boolean, what: string): Promise<NumberLines | undefined> => {
    const path = join(dir, fileOf(part));
    if (!(await exists(path))) return undefined;
    return parseNumberLines(await readFile(path, 'utf8'), join(o.displayDir ?? dir, fileOf(part)), { width, integer, what });
  };
  const indicator = (await load('graph_indicator', 1, true, 'the graph id of one node'))!;
  const nodeStart = graphRanges(indicator);
  const numGraphs = nodeStart.length - 1;
  const numNodes = indicator.rows;
  const labels = (await load('graph_labels', 1, true, 'the class of one graph'))!;
  expectRows(labels, numGraphs, 'graphs (the largest id in the graph indicator)');
  const { y, classNames } = classIndices(labels.values);
  const edges = (await load('A', 2, true, "an edge 'node, node'"))!;
  const graphOf = new Int32Array(numNodes);
  for (let g = 0; g < numGraphs; g++) graphOf.fill(g, nodeStart[g]!, nodeStart[g + 1]!);
  checkEdges(edges, graphOf, numNodes);
  const nodeLabels = await load('node_labels', undefined, true, 'the label(s) of one node');
  if (nodeLabels) expectRows(nodeLabels, numNodes, 'nodes (lines of the graph indicator)');
  const attributes = o.attributes ? await load('node_attributes', undefined, false, 'the attributes of one node') : undefined;
  if (o.attributes && !attributes) throw new TuMissingError(o.displayDir ?? dir, [fileOf('node_attributes')]);
  if (attributes) expectRows(attributes, numNodes, 'nodes (lines of the graph indicator)');
  const edgeLabels = await load('edge_labels', undefined, true, 'the label(s) of one edge');
  if (edgeLabels) expectRows(edgeLabels, edges.rows, `edges (lines of ${fileOf('A')})`);

  const order = edgesByGraph(edges, graphOf, numGraphs);
  const src = Int32Array.from(order.perm, (e) => edges.values[2 * e]! - 1);
  const dst = Int32Array.from(order.perm, (e) => edges.values[2 * e + 1]! - 1);
  const degree = new Int32Array(numNodes);
  for (const d of dst) degree[d]!++;
  const feats = nodeFeatures({ numNodes, degree, nodeLabels, attributes, choice: o.features ?? 'auto' });
  const ds: GraphDataset = {
    kind: 'graph',
    name,
    numGraphs,
    numNodes,
    numClasses: classNames.length,
    classNames,
    featureDim: feats.dim,
    features: feats.description,
    x: feats.x,
    nodeStart,
    edgeStart: order.start,
    src,
    dst,
    y,
  };
  if (edgeLabels) ds.edgeLabel = Int32Array.from(order.perm, (e) => edgeLabels.values[e * edgeLabels.width]!);
  return ds;
}

/** nodeStart from a graph indicator that must read 1, 1, ..., 2, ..., G without gaps. */
function graphRanges(ind: NumberLines): Int32Array {
  const problems = ind.problems();
  const starts = [0];
  let prev = 0;
  for (let i = 0; i < ind.rows && !problems.full; i++) {
    const g = ind.values[i]!;
    if (g === prev) continue;
    const { line, column, length } = ind.at(i, 0);
    if (g === prev + 1) {
      if (prev > 0) starts.push(i);
    } else if (g < prev) {
      problems.add(TU_CODES.unsorted, line, column, length, `graph indicator not sorted: node ${i + 1} is in graph ${g}, after a node of graph ${prev}`, 'nodes must be listed graph by graph, ids ascending');
      continue;
    } else {
      const msg = prev === 0 ? `the first graph id is ${g}; ids start at 1` : `graph ids jump from ${prev} to ${g}: graph ${prev + 1} would have no nodes`;
      problems.add(TU_CODES.unsorted, line, column, length, msg);
    }
    prev = g;
  }
  problems.throwIfAny();
  starts.push(ind.rows);
  return Int32Array.from(starts);
}

function expectRows(f: NumberLines, want: number, what: string): void {
  if (f.rows === want) return;
  const problems = f.problems();
  const line = Math.min(f.rows, want) + (f.rows < want ? 0 : 1);
  const msg = f.rows < want ? `${f.rows} lines, but there are ${want} ${what}` : `line ${want + 1} is extra: there are only ${want} ${what}`;
  problems.add(TU_CODES.count, Math.max(1, line), 1, 1, msg);
  problems.throwIfAny();
}

/** Class indices in the order of the sorted distinct label values. */
function classIndices(values: Float64Array): { y: Int32Array; classNames: string[] } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { y: Int32Array.from(values, (v) => index.get(v)!), classNames: distinct.map(String) };
}

function checkEdges(edges: NumberLines, graphOf: Int32Array, numNodes: number): void {
  const problems = edges.problems();
  for (let e = 0; e < edges.rows && !problems.full; e++) {
    const u = edges.values[2 * e]!;
    const v = edges.values[2 * e + 1]!;
    const bad = u < 1 || u > numNodes ? 0 : v < 1 || v > numNodes ? 1 : -1;
    if (bad >= 0) {
      const { line, column, length } = edges.at(e, bad);
      problems.add(TU_CODES.edgeRange, line, column, length, `node ${bad ? v : u} does not exist: node ids run from 1 to ${numNodes}`);
    } else if (graphOf[u - 1] !== graphOf[v - 1]) {
      const { line, column } = edges.at(e, 0);
      problems.add(TU_CODES.edgeAcross, line, column, 1, `edge ${u} → ${v} joins graph ${graphOf[u - 1]! + 1} to graph ${graphOf[v - 1]! + 1}`);
    }
  }
  problems.throwIfAny();
}

/** A stable counting sort of the edges by graph: edge order within a graph is the file's. */
function edgesByGraph(edges: NumberLines, graphOf: Int32Array, numGraphs: number): { perm: Int32Array; start: Int32Array } {
  const start = new Int32Array(numGraphs + 1);
  const g = Int32Array.from({ length: edges.rows }, (_, e) => graphOf[edges.values[2 * e]! - 1]!);
  for (const x of g) start[x + 1]!++;
  for (let i = 0; i < numGraphs; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, numGraphs);
  const perm = new Int32Array(edges.rows);
  g.forEach((x, e) => (perm[fill[x]!++] = e));
  return { perm, start };
}
