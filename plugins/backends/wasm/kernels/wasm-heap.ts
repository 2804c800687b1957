/**
 * The few pieces of the wasm backend the added kernels touch: allocating outputs on the wasm
 * heap, viewing tensors as typed arrays without a copy, calling stock wasm kernels directly (so
 * intermediates never enter the engine's bookkeeping), and freeing those intermediates.
 *
 * A heap view goes stale when the heap grows, and any allocation may grow it: take views after
 * the last allocation of a step, never keep one across a kernel call.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
export type Backend = BackendWasm;

export interface KernelArgs {
  /** tfjs types inputs as possibly undefined; every kernel here is called with all of its inputs. */
  inputs: Record<string, TensorInfo>;
  backend: Backend;
  attrs?: tf.NamedAttrMap;
}

/** The `wasm` backend name in tfjs's kernel registry. */
export const WASM = 'wasm';

/** Calls the kernel registered now under `name` for wasm, as the engine would (minus tracking). */
export function callKernel(
  name: string,
  backend: Backend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): TensorInfo {
  const config = tf.getKernel(name, WASM);
  if (!config) throw new Error(`wasm kernel '${name}' is not registered`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${name}' returned several outputs`);
  return out;
}

export function transpose2d(backend: Backend, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return callKernel('Transpose', backend, { x }, { perm });
}

export function reshape(backend: Backend, x: TensorInfo, shape: number[]): TensorInfo {
  return callKernel('Reshape', backend, { x }, { shape });
}

/** Frees intermediates made by `callKernel` / `alloc` (reshapes only drop a reference). */
export function free(backend: Backend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

export function alloc(backend: Backend, shape: number[], dtype: tf.DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/** A float32 output of zeros (the wasm heap is not cleared on allocation). */
export function zeros(backend: Backend, shape: number[]): TensorInfo {
  const out = alloc(backend, shape);
  viewF32(backend, out).fill(0);
  return out;
}

export function view(backend: Backend, t: TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(t) as Float32Array | Int32Array | Uint8Array;
}

export function viewF32(backend: Backend, t: TensorInfo): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Throws the tfjs-style message for layouts the added kernels do not implement. */
export function requireNHWC(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only NHWC data, got ${String(dataFormat)}`);
  }
}
