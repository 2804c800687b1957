/**
 * Gradients of the graph networks (cpu backend): the full training loss against central finite
 * differences along random directions and single coordinates, and the hand-written gradients
 * (batch norm, message passing, readout) against tfjs autodiff of the plain op chains.
 */
import * as tf from '@tensorflow/tfjs';
import {
  graphBatchNorm,
  graphForward,
  graphTensors,
  graphTrainableNames,
  initGraphParams,
  makeGraphBatch,
  poolGraphs,
  sumNeighbours,
  weightedSumNeighbours,
  disposeGraphTensors,
  type GraphModelSpec,
} from '../../../lib/graph/index.js';
import { softmaxCrossEntropy, type ParamTensors } from '../../../lib/nn/index.js';
import { createRng, complete, cycle, ginSpec, path, star, toDataset, useCpu } from './helpers.js';

beforeAll(useCpu);

const ds = toDataset([cycle(5, 0), path(4, 1), star(3, 0), complete(4, 1)], { random: 3 });

/** Parameters with non-trivial batch-norm affines and ε, so every gradient term is exercised. */
function params(spec: GraphModelSpec, seed = 1): Record<string, tf.Tensor> {
  const rng = createRng(seed, 'perturb');
  const arrays = initGraphParams(spec, createRng(seed, 'init'));
  const out: Record<string, tf.Tensor> = {};
  for (const [k, p] of Object.entries(arrays)) {
    const data = p.data.slice();
    if (/gamma|beta|eps/.test(k)) for (let i = 0; i < data.length; i++) data[i] = (k.endsWith('gamma') ? 1 : 0) + 0.3 * rng.normal();
    out[k] = tf.tensor(data, p.shape);
  }
  return out;
}

// The message-passing gradients read the batch's index tensors: they live as long as the batch.
const all = makeGraphBatch(ds, [0, 1, 2, 3]);
const batch = graphTensors(all, { invDegree: true, neighbourhoods: true, gcnWeights: true, invGraphSize: true });
afterAll(() => disposeGraphTensors(batch));

function lossOf(spec: GraphModelSpec, p: ParamTensors): tf.Scalar {
  return tf.tidy(() => softmaxCrossEntropy(graphForward(spec, p, batch, { training: true, updateStatistics: false }).logits, batch.y));
}

const specs: [string, GraphModelSpec][] = [
  ['GIN, learned ε, sum readout', ginSpec({ inputDim: 3, numClasses: 2, eps: 'learn' })],
  ['GIN-0, 1-layer MLPs, mean readout', ginSpec({ inputDim: 3, numClasses: 2, mlpLayers: 1, readout: 'mean' })],
  ['mean aggregation, fixed ε = 0.2', ginSpec({ inputDim: 3, numClasses: 2, aggregate: 'mean', eps: 0.2 })],
  ['max aggregation', ginSpec({ inputDim: 3, numClasses: 2, aggregate: 'max' })],
  ['GCN', { ...ginSpec({ inputDim: 3, numClasses: 2 }), kind: 'gcn' }],
];

describe.each(specs)('%s', (_name, spec) => {
  const names = graphTrainableNames(spec);
  let p: Record<string, tf.Tensor>;
  let grads: Record<string, tf.Tensor>;
  beforeAll(() => {
    p = params(spec);
    const g = tf.grads((...ts: tf.Tensor[]) => lossOf(spec, { ...p, ...Object.fromEntries(names.map((n, i) => [n, ts[i]!])) }));
    const list = g(names.map((n) => p[n]!));
    grads = Object.fromEntries(names.map((n, i) => [n, list[i]!]));
  });
  afterAll(() => tf.dispose([...Object.values(p), ...Object.values(grads)]));

  const lossAt = (shift: Record<string, tf.Tensor>, h: number): number =>
    tf.tidy(() => lossOf(spec, { ...p, ...Object.fromEntries(names.map((n) => [n, tf.add(p[n]!, tf.mul(shift[n]!, h))])) }).dataSync()[0]!);

  // float32: h = 1e-3 balances curvature (ReLU kinks and batch norm over 16 nodes make h = 1e-2
  // off by up to 7%, converging as h shrinks) against rounding (~1e-7·|L| / h); 2% relative
  // (or 5e-4 absolute) is far below the size of a real mistake (a missing term is O(1)).
  test('directional derivatives match central differences', () => {
    const rng = createRng(9, 'dir');
    for (let k = 0; k < 3; k++) {
      const dir: Record<string, tf.Tensor> = {};
      let norm = 0;
      for (const n of names) {
        const v = Float32Array.from({ length: p[n]!.size }, () => rng.normal());
        norm += v.reduce((a, b) => a + b * b, 0);
        dir[n] = tf.tensor(v, p[n]!.shape);
      }
      const scale = 1 / Math.sqrt(norm);
      const fd = (lossAt(dir, 1e-3 * scale) - lossAt(dir, -1e-3 * scale)) / (2e-3 * scale);
      const analytic = names.reduce((a, n) => a + tf.tidy(() => tf.sum(tf.mul(grads[n]!, dir[n]!)).dataSync()[0]!), 0);
      expect(Math.abs(fd - analytic)).toBeLessThan(2e-2 * Math.abs(analytic) + 5e-4);
      tf.dispose(Object.values(dir));
    }
  });

  test('single coordinates match central differences, in every kind of parameter', () => {
    const picks = names.filter((n) => /readout0\/bias|readout2\/kernel|1\/(mlp0|linear)\/kernel|1\/bn\/gamma|2\/bn\/beta|eps/.test(n));
    expect(picks.length).toBeGreaterThanOrEqual(4);
    for (const n of picks) {
      const hot = new Float32Array(p[n]!.size);
      hot[hot.length - 1] = 1;
      const dir = Object.fromEntries(names.map((m) => [m, m === n ? tf.tensor(hot, p[m]!.shape) : tf.zerosLike(p[m]!)]));
      const fd = (lossAt(dir, 1e-3) - lossAt(dir, -1e-3)) / 2e-3;
      const analytic = grads[n]!.dataSync().at(-1)!;
      expect(Math.abs(fd - analytic)).toBeLessThan(2e-2 * Math.abs(analytic) + 5e-4);
      tf.dispose(Object.values(dir));
    }
  });
});

describe('hand-written gradients equal autodiff of the plain op chains', () => {
  const b = all;
  const closeTo = (a: tf.Tensor, e: tf.Tensor, tol: number) => {
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, e))).dataSync()[0]!);
    expect(d).toBeLessThan(tol);
  };

  test('batch norm: value and gradients of x, γ, β', () => {
    const rng = createRng(3, 'bn');
    const x = tf.tensor2d(Float32Array.from({ length: b.numNodes * 3 }, () => 2 + rng.normal()), [b.numNodes, 3]);
    const gamma = tf.tensor1d([1.2, 0.7, -0.4]);
    const beta = tf.tensor1d([0.1, -0.3, 0.5]);
    const w = tf.tensor2d(Float32Array.from({ length: b.numNodes * 3 }, () => rng.normal()), [b.numNodes, 3]);
    const p = { 'bn/gamma': gamma, 'bn/beta': beta, 'bn/moving_mean': tf.zeros([3]), 'bn/moving_variance': tf.ones([3]) };
    const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(graphBatchNorm({ ...p, 'bn/gamma': gg, 'bn/beta': bb }, 'bn', xx as tf.Tensor2D, { training: true, momentum: 0.9, epsilon: 1e-5 }), w)) as tf.Scalar;
    const plain = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
      tf.tidy(() => {
        const { mean, variance } = tf.moments(xx, 0);
        return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-5))), gg), bb), w)) as tf.Scalar;
      });
    const [a, e] = [tf.grads(ours)([x, gamma, beta]), tf.grads(plain)([x, gamma, beta])];
    closeTo(ours(x, gamma, beta), plain(x, gamma, beta), 1e-4);
    a.forEach((t, i) => closeTo(t, e[i]!, 1e-4));
    tf.dispose([x, gamma, beta, w, ...Object.values(p), ...a, ...e]);
  });

  test('sum / weighted sum over neighbours and graph pooling', () => {
    const g = graphTensors(b, { gcnWeights: true });
    const rng = createRng(4, 'mp');
    const h = tf.tensor2d(Float32Array.from({ length: b.numNodes * 2 }, () => rng.normal()), [b.numNodes, 2]);
    const w = tf.tensor2d(Float32Array.from({ length: b.numNodes * 2 }, () => rng.normal()), [b.numNodes, 2]);
    const wg = tf.tensor2d(Float32Array.from({ length: b.numGraphs * 2 }, () => rng.normal()), [b.numGraphs, 2]);
    const cases: [(x: tf.Tensor2D) => tf.Tensor, (x: tf.Tensor2D) => tf.Tensor, tf.Tensor][] = [
      [(x) => sumNeighbours(x, g.src, g.dst, b.numNodes), (x) => tf.unsortedSegmentSum(tf.gather(x, g.src), g.dst, b.numNodes), w],
      [
        (x) => weightedSumNeighbours(x, g.src, g.dst, g.edgeWeight!, b.numNodes),
        (x) => tf.unsortedSegmentSum(tf.mul(tf.gather(x, g.src), g.edgeWeight!), g.dst, b.numNodes),
        w,
      ],
      [(x) => poolGraphs(x, g.graph, b.numGraphs), (x) => tf.unsortedSegmentSum(x, g.graph, b.numGraphs), wg],
    ];
    for (const [ours, plain, weight] of cases) {
      closeTo(ours(h), plain(h), 1e-5);
      const [ga] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(ours(x as tf.Tensor2D), weight)))([h]);
      const [ge] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(plain(x as tf.Tensor2D), weight)))([h]);
      closeTo(ga!, ge!, 1e-5);
      tf.dispose([ga!, ge!]);
    }
    tf.dispose([h, w, wg]);
    disposeGraphTensors(g);
  });
});
