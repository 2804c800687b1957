/**
 * Zero-copy access to wasm tensors: the native kernels read inputs and write outputs through
 * Float32Array views of the wasm heap. A view must be taken AFTER the kernel's last allocation
 * (`makeOutput`), because a malloc may grow the heap and detach older views.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;

export function f32View(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function allFloat32(...infos: (TensorInfo | undefined)[]): boolean {
  return infos.every((t) => t === undefined || t.dtype === 'float32');
}
