/**
 * Matrix products with a transposed operand, done fast on wasm.
 *
 * Stock tfjs-backend-wasm 4.22 multiplies with `transposeA`/`transposeB` through a slow strided
 * path (measured 0.4–2.3 GFLOP/s against ~27 GFLOP/s without the flags, 2-core Zen4), and every
 * backward pass of a dense layer uses those flags. Transposing an operand with the wasm
 * Transpose kernel (a memory-bound copy) and calling the stock product without flags is 10–60×
 * faster, so `BatchMatMul` and `_FusedMatMul` are wrapped to do that.
 *
 * Which operand to copy: the stock product repacks its right operand on every call unless it is
 * the same tensor as last time, so a fresh right operand costs a copy and a pack. For a·bᵀ with
 * a large b (dx = dy·Wᵀ of a dense layer) it is cheaper to compute (b·aᵀ)ᵀ: copy the small a,
 * pack it, and transpose the output. Only the unfused product may transpose its output (a bias
 * or activation applies to the untransposed one).
 */
import * as tf from '@tensorflow/tfjs';
import { callKernel, free, transpose2d, type Backend, type KernelArgs, type TensorInfo } from './wasm-heap.js';

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

/** Elements of the product a·b (a: […, m, k], b: […, k, n]), batch dims broadcast. */
function outSize(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): number {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batch = Math.max(size(a) / (a.shape[ra - 1]! * a.shape[ra - 2]!), size(b) / (b.shape[rb - 1]! * b.shape[rb - 2]!));
  return batch * m * n;
}

/** Wraps a stock matmul-like kernel (inputs `a`, `b`) so it never sees a transpose flag. */
export function withExplicitTranspose(original: tf.KernelFunc, mayTransposeOutput: boolean): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    if (!transposeA && !transposeB) return original(args);
    const { a, b } = inputs;
    const flat = { ...attrs, transposeA: false, transposeB: false };
    if (mayTransposeOutput && transposeB && (transposeA || 2 * size(b) > 2 * size(a) + outSize(a, b, transposeA, true))) {
      // aᵀ·bᵀ = (b·a)ᵀ and a·bᵀ = (b·aᵀ)ᵀ
      const right = transposeA ? a : transpose2d(backend, a);
      const swapped = original({ ...args, inputs: { ...inputs, a: b, b: right }, attrs: flat }) as TensorInfo;
      if (!transposeA) free(backend, right);
      const out = transpose2d(backend, swapped);
      free(backend, swapped);
      return out;
    }
    const left = transposeA ? transpose2d(backend, a) : a;
    const right = transposeB ? transpose2d(backend, b) : b;
    try {
      return original({ ...args, inputs: { ...inputs, a: left, b: right }, attrs: flat });
    } finally {
      if (transposeA) free(backend, left);
      if (transposeB) free(backend, right);
    }
  };
}

/** a · b (with optional transposes) through whatever BatchMatMul is registered for wasm now. */
export function matMul(
  backend: Backend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA = false,
  transposeB = false,
): TensorInfo {
  return callKernel('BatchMatMul', backend, { a, b }, { transposeA, transposeB });
}
