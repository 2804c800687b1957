/**
 * The kernels pipewright adds to tfjs-backend-wasm 4.22, and their (idempotent) installation.
 *
 * - `add`: the stock backend lacks the kernel; registered only while it is still missing, so a
 *   later tfjs that ships its own keeps it.
 * - `replace`: the stock kernel exists but is slow or wrong; ours takes its place.
 * - `wrap`: ours handles the common case and delegates the rest to the stock kernel it replaced
 *   (tfjs's registry has no override: unregister, then register a copy of the stock config with
 *   our kernelFunc, keeping its setupFunc for a backend that initialises later).
 *
 * `uninstallWasmKernels()` restores the stock registry (the bench measures stock vs patched).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2DBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput } from './depthwise-backprop.js';
import { fusedMatMul } from './fused-mat-mul.js';
import { gatherV2 } from './gather.js';
import { logicalAnd } from './logical-and.js';
import { withExplicitTranspose } from './mat-mul.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';
import { WASM } from './wasm-heap.js';

export interface WasmKernelPatch {
  kernelName: string;
  mode: 'add' | 'replace' | 'wrap';
  /** Why it exists (for docs and listings). */
  reason: string;
  make(stock: tf.KernelFunc | undefined): tf.KernelFunc;
}

const own = (f: unknown) => () => f as tf.KernelFunc;

/** Ours for NHWC data, the stock kernel for the channels-first layout it also supports. */
function nhwcOrStock(ours: unknown, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const format = (args.attrs as { dataFormat?: string } | undefined)?.dataFormat;
    return format === 'NCHW' || format === 'channelsFirst' ? stock(args) : (ours as tf.KernelFunc)(args);
  };
}

export const wasmKernelPatches: readonly WasmKernelPatch[] = [
  { kernelName: 'Conv2DBackpropFilter', mode: 'add', reason: 'conv2d gradient (missing)', make: own(conv2DBackpropFilter) },
  { kernelName: 'Conv2DBackpropInput', mode: 'wrap', reason: 'stock direct loop ~5× slower than the forward conv; NCHW stays stock', make: (stock) => nhwcOrStock(conv2DBackpropInput, stock!) },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', mode: 'add', reason: 'depthwise conv gradient (missing)', make: own(depthwiseConv2dNativeBackpropFilter) },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', mode: 'add', reason: 'depthwise conv input gradient (missing)', make: own(depthwiseConv2dNativeBackpropInput) },
  { kernelName: 'GatherV2', mode: 'replace', reason: 'stock copies element by element (~20× slower)', make: own(gatherV2) },
  { kernelName: 'LogicalAnd', mode: 'replace', reason: 'stock broadcasting bool path took ~1 s on [5e4,1]&[5e4,64]', make: own(logicalAnd) },
  { kernelName: 'UnsortedSegmentSum', mode: 'add', reason: 'gather gradient / message passing (missing)', make: own(unsortedSegmentSum) },
  { kernelName: 'BatchMatMul', mode: 'wrap', reason: 'transposed operands took a 0.4–2 GFLOP/s path', make: (stock) => withExplicitTranspose(stock!, true) },
  { kernelName: '_FusedMatMul', mode: 'wrap', reason: 'wrong bias with batch > 1; slow transposed operands', make: (stock) => fusedMatMul(stock!) },
  { kernelName: 'MaxPoolGrad', mode: 'replace', reason: 'stock routes all-negative windows to the first element', make: own(maxPoolGrad) },
];

/** Registry entries we displaced (or `null`: nothing was there), by kernel name. */
const displaced = new Map<string, tf.KernelConfig | null>();
const ours = new WeakSet<tf.KernelFunc>();

/** Registers every patch whose condition holds; calling it again changes nothing. */
export function installWasmKernels(): string[] {
  const installed: string[] = [];
  for (const p of wasmKernelPatches) {
    const current = tf.getKernel(p.kernelName, WASM);
    if (current && ours.has(current.kernelFunc)) continue;
    if (p.mode === 'add' && current) continue;
    if (p.mode === 'wrap' && !current) continue;
    const kernelFunc = p.make(current?.kernelFunc);
    ours.add(kernelFunc);
    if (current) tf.unregisterKernel(p.kernelName, WASM);
    tf.registerKernel({ ...(current ?? {}), kernelName: p.kernelName, backendName: WASM, kernelFunc });
    displaced.set(p.kernelName, current ?? null);
    installed.push(p.kernelName);
  }
  return installed;
}

/** Puts back what `installWasmKernels` displaced. */
export function uninstallWasmKernels(): void {
  for (const [name, previous] of displaced) {
    const current = tf.getKernel(name, WASM);
    if (!current || !ours.has(current.kernelFunc)) continue;
    tf.unregisterKernel(name, WASM);
    if (previous) tf.registerKernel(previous);
  }
  displaced.clear();
}

/** Names of the patches active now. */
export function activeWasmKernelPatches(): string[] {
  return wasmKernelPatches
    .filter((p) => {
      const k = tf.getKernel(p.kernelName, WASM);
      return k !== undefined && ours.has(k.kernelFunc);
    })
    .map((p) => p.kernelName);
}
