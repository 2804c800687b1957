/**
 * How a native kernel is declared: typed inputs and attrs (one cast, here, instead of one per
 * kernel) and a way back to the wasm kernel of the same name for the cases the native code
 * leaves alone (int32 data, NCHW, odd bias shapes).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const NATIVE_TF_BACKEND = 'native';
export const WASM_TF_BACKEND = 'wasm';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type KernelResult = tf.TensorInfo | tf.TensorInfo[];

export interface NativeKernelCall<I, A> {
  inputs: I;
  attrs: A;
  backend: BackendWasm;
  /** Runs the wasm kernel instead, with the original arguments. */
  fallback(): KernelResult;
}

/** Runs the kernel registered for wasm now (looked up per call: another plugin may replace it). */
export function runWasmKernel(kernelName: string, args: KernelArgs): KernelResult {
  const config = tf.getKernel(kernelName, WASM_TF_BACKEND);
  if (config === undefined) {
    throw new Error(`native backend: no wasm kernel '${kernelName}' to fall back to`);
  }
  return config.kernelFunc(args);
}

export function nativeKernel<I, A>(
  kernelName: string,
  run: (call: NativeKernelCall<I, A>) => KernelResult,
): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) =>
    run({
      inputs: args.inputs as unknown as I,
      attrs: args.attrs as unknown as A,
      backend: args.backend as BackendWasm,
      fallback: () => runWasmKernel(kernelName, args),
    });
  return { kernelName, backendName: NATIVE_TF_BACKEND, kernelFunc };
}
