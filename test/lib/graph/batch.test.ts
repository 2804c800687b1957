/**
 * Block-diagonal batching against dense matrices built independently from the graphs' edge
 * lists: message passing by gather + segment sum equals A·H with A the batch's block-diagonal
 * adjacency, readout equals P·H with P the graph-membership matrix, and the mean, max and GCN
 * aggregations equal their dense definitions (cpu backend).
 */
import * as tf from '@tensorflow/tfjs';
import {
  closedNeighbourhoods,
  disposeGraphTensors,
  graphTensors,
  makeGraphBatch,
  maxOverNeighbourhood,
  poolGraphs,
  sumNeighbours,
  weightedSumNeighbours,
} from '../../../lib/graph/index.js';
import { complete, cycle, path, star, toDataset, useCpu, type SmallGraph } from './helpers.js';

beforeAll(useCpu);

const graphs: SmallGraph[] = [cycle(5), path(3), star(4), complete(4), path(2)];
const ds = toDataset(graphs, { random: 3, seed: 11 });
const pick = [3, 0, 4, 2];
const batch = makeGraphBatch(ds, pick);

/** Dense block-diagonal adjacency of the picked graphs, from their edge lists alone. */
function denseAdjacency(): { A: number[][]; member: number[] } {
  const sizes = pick.map((g) => graphs[g]!.n);
  const N = sizes.reduce((a, b) => a + b, 0);
  const A = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  const member: number[] = [];
  let base = 0;
  pick.forEach((g, i) => {
    for (const [a, b] of graphs[g]!.edges) {
      A[base + a]![base + b] = 1;
      A[base + b]![base + a] = 1;
    }
    for (let v = 0; v < graphs[g]!.n; v++) member.push(i);
    base += graphs[g]!.n;
  });
  return { A, member };
}

const { A, member } = denseAdjacency();
const N = A.length;
const F = ds.featureDim;
const H = Array.from({ length: N }, (_, v) => Array.from(batch.x.subarray(v * F, (v + 1) * F)));
const matmul = (M: number[][], X: number[][]) => M.map((row) => X[0]!.map((_, j) => row.reduce((a, m, k) => a + m * X[k]![j]!, 0)));

async function rows(t: tf.Tensor): Promise<number[][]> {
  return (await t.array()) as number[][];
}

function expectClose(a: number[][], e: number[][], tol = 1e-5): void {
  expect(a.length).toBe(e.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - e[i]![j]!)).toBeLessThan(tol)));
}

test('the batch renumbers nodes in order, shifts edges and indexes nodes by graph', () => {
  expect([batch.numGraphs, batch.numNodes, batch.src.length]).toEqual([4, 4 + 5 + 2 + 5, 2 * (6 + 5 + 1 + 4)]);
  expect(Array.from(batch.graph)).toEqual(member);
  expect(Array.from(batch.y)).toEqual(pick.map((g) => ds.y[g]!));
  // Node features follow their nodes: the first node of the batch is graph 3's first node.
  expect(Array.from(batch.x.subarray(0, F))).toEqual(Array.from(ds.x.subarray(ds.nodeStart[3]! * F, (ds.nodeStart[3]! + 1) * F)));
});

test('segment-sum aggregation equals the dense block-diagonal adjacency product', async () => {
  const g = graphTensors(batch);
  const got = await rows(tf.tidy(() => sumNeighbours(g.x, g.src, g.dst, g.numNodes)));
  expectClose(got, matmul(A, H));
  disposeGraphTensors(g);
});

test('sum and mean readout equal the dense membership-matrix product', async () => {
  const P: number[][] = Array.from({ length: pick.length }, (_, i) => member.map((m) => (m === i ? 1 : 0)));
  const g = graphTensors(batch, { invGraphSize: true });
  expectClose(await rows(tf.tidy(() => poolGraphs(g.x, g.graph, g.numGraphs))), matmul(P, H));
  const meanP = P.map((row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)));
  expectClose(await rows(tf.tidy(() => poolGraphs(g.x, g.graph, g.numGraphs, g.invGraphSize))), matmul(meanP, H));
  disposeGraphTensors(g);
});

test('GCN weights equal D^-1/2 (A + I) D^-1/2 and mean weights equal D^-1 (A + I)', async () => {
  const deg = A.map((row) => row.reduce((a, b) => a + b, 0) + 1);
  const Ahat = A.map((row, i) => row.map((a, j) => ((a + (i === j ? 1 : 0)) / Math.sqrt(deg[i]! * deg[j]!))));
  const g = graphTensors(batch, { gcnWeights: true, invDegree: true });
  const gcn = tf.tidy(() => tf.add(tf.mul(g.x, g.selfWeight!), weightedSumNeighbours(g.x, g.src, g.dst, g.edgeWeight!, g.numNodes)));
  expectClose(await rows(gcn), matmul(Ahat, H));
  const mean = tf.tidy(() => tf.mul(tf.add(g.x, sumNeighbours(g.x, g.src, g.dst, g.numNodes)), g.invDegree!));
  expectClose(await rows(mean), matmul(A.map((row, i) => row.map((a, j) => (a + (i === j ? 1 : 0)) / deg[i]!)), H));
  tf.dispose([gcn, mean]);
  disposeGraphTensors(g);
});

test('max aggregation equals the max over each closed neighbourhood', async () => {
  const { width } = closedNeighbourhoods(batch);
  expect(width).toBe(5); // the centre of the 4-leaf star and its 4 neighbours
  const g = graphTensors(batch, { neighbourhoods: true });
  const got = await rows(tf.tidy(() => maxOverNeighbourhood(g.x, g.neighbourhoods!, g.neighbourhoodWidth!)));
  const want = H.map((_, v) => H[0]!.map((__, j) => Math.max(H[v]![j]!, ...A[v]!.flatMap((a, u) => (a ? [H[u]![j]!] : [])))));
  expectClose(got, want);
  disposeGraphTensors(g);
});

test('the max gradient goes to one maximiser per output, even when values tie', async () => {
  // Constant features: every neighbourhood ties; each output must route exactly its own dy.
  const g = graphTensors(batch, { neighbourhoods: true });
  const ones = tf.onesLike(g.x);
  const [dx] = tf.grads((x: tf.Tensor) => tf.sum(maxOverNeighbourhood(x as tf.Tensor2D, g.neighbourhoods!, g.neighbourhoodWidth!)))([ones]);
  expect((await dx!.sum().data())[0]).toBe(N * F);
  tf.dispose([ones, dx!]);
  disposeGraphTensors(g);
});
