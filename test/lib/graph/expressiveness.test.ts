/**
 * The GIN paper's expressiveness claim (Xu et al., §4–5), checked on embeddings of untrained,
 * seeded networks (deterministic, no training): on pairs of non-isomorphic graphs that the
 * 1-WL test tells apart, GIN with sum aggregation and sum readout gives different graph
 * embeddings, while the same network with mean or max aggregation gives identical ones; on a
 * pair 1-WL cannot tell apart, no network can. The 1-WL oracle is colour refinement written
 * out below, independent of lib/graph.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeGraphTensors, graphForward, graphTensors, initGraphParams, makeGraphBatch, type GraphModelSpec } from '../../../lib/graph/index.js';
import { paramsToTensors } from '../../../lib/nn/index.js';
import { complete, createRng, cycle, ginSpec, toDataset, useCpu, type SmallGraph } from './helpers.js';

beforeAll(useCpu);

const bipartite33: SmallGraph = { n: 6, edges: [0, 1, 2].flatMap((a) => [3, 4, 5].map((b) => [a, b] as [number, number])), label: 0 };
// Two triangles joined rung by rung: 3-regular on 6 nodes, like K3,3, but with triangles.
const prism: SmallGraph = { n: 6, edges: [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [0, 3], [1, 4], [2, 5]], label: 0 };

/** 1-WL colour histograms of `graphs` (refined jointly, so colours are comparable), per round. */
function wlHistograms(graphs: SmallGraph[], rounds: number, features?: unknown[][]): string[][] {
  const adj = graphs.map((g) => {
    const a: number[][] = Array.from({ length: g.n }, () => []);
    for (const [u, v] of g.edges) a[u]!.push(v), a[v]!.push(u);
    return a;
  });
  let colours = graphs.map((g, i) => Array.from({ length: g.n }, (_, v) => JSON.stringify(features?.[i]?.[v] ?? 0)));
  const out: string[][] = [];
  for (let r = 0; r <= rounds; r++) {
    out.push(colours.map((c) => [...c].sort().join('|')));
    colours = colours.map((c, i) => c.map((col, v) => `${col}(${adj[i]![v]!.map((u) => c[u]).sort().join(',')})`));
    const palette = new Map<string, string>();
    colours = colours.map((c) => c.map((col) => palette.get(col) ?? (palette.set(col, `c${palette.size}`), `c${palette.size - 1}`)));
  }
  return out;
}

const wlDistinguishes = (a: SmallGraph, b: SmallGraph, features?: unknown[][]) =>
  wlHistograms([a, b], a.n + b.n, features).some(([ha, hb]) => ha !== hb);

/** Graph embeddings (readouts of every layer, concatenated) and logits, in evaluation mode. */
async function embed(spec: GraphModelSpec, graphs: SmallGraph[], features: { constant: true } | { given: number[][] }) {
  const ds = toDataset(graphs, features);
  const s = { ...spec, inputDim: ds.featureDim };
  const params = paramsToTensors(initGraphParams(s, createRng(4, 'init')));
  const g = graphTensors(makeGraphBatch(ds, graphs.map((_, i) => i)), { invDegree: true, neighbourhoods: true, invGraphSize: true });
  const [emb, nodes, logits] = tf.tidy(() => {
    const out = graphForward(s, params, g, { training: false });
    return [tf.concat(out.pooled, 1), out.nodes.at(-1)!, out.logits];
  });
  const read = async (t: tf.Tensor) => (await t.array()) as number[][];
  const result = { graphs: await read(emb!), nodes: await read(nodes!), logits: await read(logits!) };
  tf.dispose([emb!, nodes!, logits!, ...Object.values(params)]);
  disposeGraphTensors(g);
  return result;
}

/** Largest difference between two vectors, relative to their size. */
const relDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!))) / Math.max(1e-12, ...a.map(Math.abs));

// The paper's setting: 5 representations (4 GIN layers), 2-layer MLPs, sum readout, GIN-0.
const base = ginSpec({ inputDim: 1, numClasses: 2, layers: 5, hidden: 16 });
const variants = { sum: base, mean: { ...base, aggregate: 'mean' as const }, max: { ...base, aggregate: 'max' as const } };

// float32 rounding is ~1e-7 relative; a real difference is O(1e-2) or more (checked below).
const SAME = 1e-5;
const APART = 1e-3;

describe.each([
  ['C4 (2-regular) vs K4 (3-regular)', cycle(4), complete(4)],
  ['C6 (2-regular) vs K3,3 (3-regular)', cycle(6), bipartite33],
])('%s, uniform node features', (_name, a, b) => {
  test('1-WL tells them apart', () => expect(wlDistinguishes(a, b)).toBe(true));

  test('GIN (sum) separates them; mean and max aggregation give identical embeddings', async () => {
    const sum = await embed(variants.sum, [a, b], { constant: true });
    expect(relDiff(sum.graphs[0]!, sum.graphs[1]!)).toBeGreaterThan(APART);
    expect(relDiff(sum.logits[0]!, sum.logits[1]!)).toBeGreaterThan(APART);
    for (const v of [variants.mean, variants.max]) {
      const e = await embed(v, [a, b], { constant: true });
      expect(relDiff(e.graphs[0]!, e.graphs[1]!)).toBeLessThan(SAME);
      expect(relDiff(e.logits[0]!, e.logits[1]!)).toBeLessThan(SAME);
    }
  });
});

test('K3,3 vs the prism: 1-WL cannot tell them apart, and neither can GIN (it is at most as strong)', async () => {
  expect(wlDistinguishes(bipartite33, prism)).toBe(false);
  const sum = await embed(variants.sum, [bipartite33, prism], { constant: true });
  expect(relDiff(sum.graphs[0]!, sum.graphs[1]!)).toBeLessThan(SAME);
});

test("node level (the paper's figure 3 kind): neighbour multisets with equal proportions", async () => {
  // Centre c (feature [1, 0]) with closed neighbourhood {c, a} against {c, c, a, a} (a = [0, 1]).
  const g1: SmallGraph = { n: 2, edges: [[0, 1]], label: 0 };
  const g2: SmallGraph = { n: 4, edges: [[0, 1], [0, 2], [0, 3]], label: 0 };
  const c = [1, 0];
  const a = [0, 1];
  const features = [c, a, c, c, a, a];
  expect(wlDistinguishes(g1, g2, [features.slice(0, 2), features.slice(2)])).toBe(true);
  // One round of message passing: the centre's new representation is a function of its
  // closed neighbourhood only, so mean and max cannot see the difference in counts.
  const oneLayer = (v: GraphModelSpec) => ({ ...v, layers: 2, inputDim: 2 });
  const centres = async (v: GraphModelSpec) => {
    const e = await embed(oneLayer(v), [g1, g2], { given: features });
    return [e.nodes[0]!, e.nodes[2]!];
  };
  const [s1, s2] = await centres(variants.sum);
  expect(relDiff(s1!, s2!)).toBeGreaterThan(APART);
  for (const v of [variants.mean, variants.max]) {
    const [m1, m2] = await centres(v);
    expect(relDiff(m1!, m2!)).toBeLessThan(SAME);
  }
});
