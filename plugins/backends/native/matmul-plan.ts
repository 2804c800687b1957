/**
 * Shape arithmetic of BatchMatMul: the output shape, the GEMM sizes and, for every output
 * matrix, where its two operands start. Outer (batch) dims broadcast as in numpy, so a
 * [2,1,m,k] x [3,k,n] product is 6 GEMMs whose operands repeat.
 */
import * as tf from '@tensorflow/tfjs';

export interface MatMulPlan {
  outShape: number[];
  m: number;
  n: number;
  k: number;
  /** Element offset of each output matrix's A and B operands. */
  aOffsets: Int32Array;
  bOffsets: Int32Array;
}

function operandOffsets(outer: number[], operandOuter: number[], matrixSize: number): Int32Array {
  const total = tf.util.sizeFromShape(outer);
  const offsets = new Int32Array(total);
  const rank = outer.length;
  const pad = rank - operandOuter.length;
  // Stride of each output dim inside the operand; 0 where the operand broadcasts.
  const strides = new Array<number>(rank).fill(0);
  let stride = matrixSize;
  for (let d = rank - 1; d >= pad; d--) {
    const size = operandOuter[d - pad];
    strides[d] = size === 1 ? 0 : stride;
    stride *= size;
  }
  for (let i = 0; i < total; i++) {
    let rest = i;
    let offset = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const dim = outer[d];
      offset += (rest % dim) * strides[d];
      rest = Math.floor(rest / dim);
    }
    offsets[i] = offset;
  }
  return offsets;
}

export function planMatMul(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulPlan {
  const ra = aShape.length;
  const rb = bShape.length;
  tf.util.assert(ra >= 2 && rb >= 2, () => `matMul needs rank >= 2, got [${aShape}] and [${bShape}]`);
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const kA = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const kB = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  tf.util.assert(
    kA === kB,
    () =>
      `Error in matMul: inner shapes (${kA}) and (${kB}) of Tensors with shapes ${aShape} and ` +
      `${bShape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  return {
    outShape: [...outer, m, n],
    m,
    n,
    k: kA,
    aOffsets: operandOffsets(outer, outerA, m * kA),
    bOffsets: operandOffsets(outer, outerB, kA * n),
  };
}
