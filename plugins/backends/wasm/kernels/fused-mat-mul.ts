/**
 * _FusedMatMul for wasm. Stock 4.22 adds the bias wrongly when the product has a batch
 * dimension > 1 ([2,7,5]·[2,5,3] + bias is off by O(1); rank 2 and batch 1 are right), and like
 * BatchMatMul it is slow with transpose flags. Batched products with a bias are therefore
 * composed from BatchMatMul + Add + the activation kernel; the rest go to the stock kernel with
 * explicit transposes.
 */
import * as tf from '@tensorflow/tfjs';
import { withExplicitTranspose } from './mat-mul.js';
import { callKernel, free, type KernelArgs, type TensorInfo } from './wasm-heap.js';

function batchOf(t: TensorInfo): number {
  return t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
}

function activate(args: KernelArgs, y: TensorInfo): TensorInfo {
  const { backend, inputs, attrs = {} } = args;
  switch (attrs.activation ?? 'linear') {
    case 'linear':
      return y;
    case 'relu':
      return callKernel('Relu', backend, { x: y });
    case 'relu6':
      return callKernel('Relu6', backend, { x: y });
    case 'elu':
      return callKernel('Elu', backend, { x: y });
    case 'sigmoid':
      return callKernel('Sigmoid', backend, { x: y });
    case 'leakyrelu':
      return callKernel('LeakyRelu', backend, { x: y }, { alpha: (attrs.leakyreluAlpha as number) ?? 0.2 });
    case 'prelu':
      return callKernel('Prelu', backend, { x: y, alpha: inputs.preluActivationWeights! });
    default:
      throw new Error(`_FusedMatMul on wasm: unknown activation '${String(attrs.activation)}'`);
  }
}

export function fusedMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  const fast = withExplicitTranspose(stock, false);
  return (raw) => {
    const args = raw as unknown as KernelArgs;
    const { a, b, bias } = args.inputs;
    if (!bias || Math.max(batchOf(a!), batchOf(b!)) <= 1) return fast(raw);
    const { backend, attrs = {} } = args;
    const product = callKernel('BatchMatMul', backend, { a: a!, b: b! }, { transposeA: attrs.transposeA, transposeB: attrs.transposeB });
    const biased = callKernel('Add', backend, { a: product, b: bias });
    free(backend, product);
    const out = activate(args, biased);
    if (out !== biased) free(backend, biased);
    return out;
  };
}
