/**
 * Message passing on a block-diagonal batch by gather + segment sum: gather each edge's source
 * row, sum the rows into their targets; readout is a segment sum over the node→graph index.
 *
 * The gradients are written out as the same two kernels the other way round (for y = A·h,
 * dh = Aᵀ·dy: gather dy at the targets, sum into the sources). tfjs's own chain would
 * differentiate the segment sum through gatherDropNegatives (maximum, gather, greaterEqual,
 * logicalAnd, select) and keep the [E, F] gathered rows alive for the backward pass; this
 * keeps nothing but the index tensors. Both directions run in one pass each on wasm
 * (plugins/backends/wasm/kernels).
 */
import * as tf from '@tensorflow/tfjs';

/** y[t] = Σ over i with to[i] = t of w[i]·h[from[i]], and its exact adjoint. */
function scatterGather(from: tf.Tensor1D, to: tf.Tensor1D, rows: number, w?: tf.Tensor2D) {
  const apply = (x: tf.Tensor2D, a: tf.Tensor1D, b: tf.Tensor1D, n: number): tf.Tensor2D => {
    const g = tf.gather(x, a);
    return tf.unsortedSegmentSum(w ? tf.mul(g, w) : g, b, n) as tf.Tensor2D;
  };
  return tf.customGrad((...args: unknown[]) => {
    const h = args[0] as tf.Tensor2D;
    return {
      value: apply(h, from, to, rows),
      gradFunc: (dy: tf.Tensor) => [apply(dy as tf.Tensor2D, to, from, h.shape[0]!)],
    };
  });
}

/** Row v: Σ over edges u→v of h[u]. */
export function sumNeighbours(h: tf.Tensor2D, src: tf.Tensor1D, dst: tf.Tensor1D, numNodes: number): tf.Tensor2D {
  return scatterGather(src, dst, numNodes)(h) as tf.Tensor2D;
}

/** Row v: Σ over edges e = u→v of w[e]·h[u] (`w` is [E, 1], constant). */
export function weightedSumNeighbours(h: tf.Tensor2D, src: tf.Tensor1D, dst: tf.Tensor1D, w: tf.Tensor2D, numNodes: number): tf.Tensor2D {
  return scatterGather(src, dst, numNodes, w)(h) as tf.Tensor2D;
}

/**
 * Row v: element-wise max of h over v's closed neighbourhood, given as rows of `width` node
 * ids padded with v itself (batch.ts: closedNeighbourhoods).
 *
 * The gradient goes to one maximiser per output (the first), as PyTorch's max does. tf.max's
 * own gradient goes to every element equal to the max, so the padding copies of v — and equal
 * neighbours, common with uniform features — would each receive it again.
 */
export function maxOverNeighbourhood(h: tf.Tensor2D, index: tf.Tensor1D, width: number): tf.Tensor2D {
  const n = index.shape[0]! / width;
  const f = h.shape[1]!;
  const rows = tf.reshape(index, [n, width]) as tf.Tensor2D;
  const max = tf.customGrad((...args: unknown[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const stacked = tf.reshape(tf.gather(x, index), [n, width, f]);
    // Node id of the maximiser of each (v, feature), flattened to an index into x.
    const winner = tf.gather(rows, tf.argMax(stacked, 1), 1, 1) as tf.Tensor2D;
    save([tf.add(tf.mul(winner, tf.scalar(f, 'int32')), tf.range(0, f, 1, 'int32'))]);
    return {
      value: tf.max(stacked, 1) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.reshape(tf.unsortedSegmentSum(tf.reshape(dy, [-1]), tf.reshape(saved[0]!, [-1]), x.shape[0]! * f), x.shape)],
    };
  });
  return max(h) as tf.Tensor2D;
}

/** Row g: Σ of h over graph g's nodes, times `scale[g]` when given (mean readout). */
export function poolGraphs(h: tf.Tensor2D, graph: tf.Tensor1D, numGraphs: number, scale?: tf.Tensor2D): tf.Tensor2D {
  const pool = tf.customGrad((...args: unknown[]) => {
    const x = args[0] as tf.Tensor2D;
    return {
      value: tf.unsortedSegmentSum(x, graph, numGraphs) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor) => [tf.gather(dy, graph)],
    };
  });
  const sum = pool(h) as tf.Tensor2D;
  return scale ? tf.mul(sum, scale) : sum;
}
