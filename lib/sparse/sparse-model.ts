/**
 * A model in compressed form for inference: every dense kernel as CSR (of its transpose, see
 * csr.ts), biases and other layers as they were. Inference runs on typed arrays, feature-major,
 * one CSR product per dense layer (spmm.ts: the wasm SIMD kernel, or plain JS without it).
 * Sequential models of dense, activation, flatten, reshape and dropout layers (MLPs) are
 * supported; a conv layer is refused by name.
 */
import { checkModel, paramName, type ActivationLayer, type Model, type ModelSpec } from '../nn/index.js';
import { csrToDense, denseToCsrTransposed, type Csr } from './csr.js';
import { spmm, spmmKernel, spmmPrepare, type SpmmKernel } from './spmm.js';

export interface SparseLayer {
  /** CSR of the kernel's transpose: [units, in]. */
  kernel: Csr;
  bias?: Float32Array;
}

export interface SparseModel {
  arch: ModelSpec;
  /** Keyed by dense layer name. */
  layers: Record<string, SparseLayer>;
}

const INFERABLE = new Set(['dense', 'activation', 'flatten', 'reshape', 'dropout']);

export class UnsupportedLayerError extends Error {
  constructor(readonly layer: number, type: string) {
    super(`sparse inference supports dense, activation, flatten, reshape and dropout layers; layer ${layer} is ${type}`);
    this.name = 'UnsupportedLayerError';
  }
}

export function checkInferable(spec: ModelSpec): void {
  spec.layers.forEach((l, i) => {
    if (!INFERABLE.has(l.type)) throw new UnsupportedLayerError(i, l.type);
  });
}

export function toSparseModel(model: Model): SparseModel {
  checkModel(model);
  checkInferable(model.arch);
  const layers: Record<string, SparseLayer> = {};
  for (const l of model.arch.layers) {
    if (l.type !== 'dense') continue;
    const k = model.params[paramName(l.name, 'kernel')]!;
    const masked = model.masks?.[paramName(l.name, 'kernel')];
    const data = masked ? k.data.map((v, i) => (masked[i] ? v : 0)) : k.data;
    const layer: SparseLayer = { kernel: denseToCsrTransposed(data, k.shape[0]!, k.shape[1]!) };
    const b = model.params[paramName(l.name, 'bias')];
    if (b) layer.bias = b.data.slice();
    layers[l.name] = layer;
  }
  return { arch: structuredClone(model.arch), layers };
}

/** Copies every layer into the product kernel now, so the first batch is not charged for it. */
export function prepareSparseModel(m: SparseModel, kernel: SpmmKernel = spmmKernel()): void {
  for (const l of Object.values(m.layers)) spmmPrepare(l.kernel, kernel);
}

function activateInPlace(fn: ActivationLayer['fn'], h: Float32Array): void {
  const f: (x: number) => number = {
    relu: (x: number) => (x > 0 ? x : 0),
    tanh: Math.tanh,
    sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
    silu: (x: number) => x / (1 + Math.exp(-x)),
    elu: (x: number) => (x > 0 ? x : Math.expm1(x)),
    identity: (x: number) => x,
    hardswish: (x: number) => (x * Math.min(6, Math.max(0, x + 3))) / 6,
    leaky_relu: (x: number) => (x > 0 ? x : 0.01 * x),
    softplus: (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x))),
  }[fn];
  if (fn === 'relu') {
    for (let i = 0; i < h.length; i++) if (!(h[i]! > 0)) h[i] = 0;
  } else {
    for (let i = 0; i < h.length; i++) h[i] = f(h[i]!);
  }
}

function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c]!;
  return t;
}

/**
 * Logits [batch, outputs] (row-major) of `batch` examples x [batch, inputSize]. `kernel` picks
 * the product (default: the fastest available here).
 */
export function sparseForward(m: SparseModel, x: Float32Array, batch: number, kernel: SpmmKernel = spmmKernel()): Float32Array {
  const inputSize = m.arch.inputShape.reduce((a, b) => a * b, 1);
  if (x.length !== batch * inputSize) throw new Error(`sparseForward: ${x.length} values are not ${batch} examples of ${inputSize}`);
  let h = transpose(x, batch, inputSize);
  let features = inputSize;
  for (const l of m.arch.layers) {
    if (l.type === 'dense') {
      const layer = m.layers[l.name]!;
      h = spmm(layer.kernel, h, batch, undefined, kernel);
      features = layer.kernel.rows;
      if (layer.bias) {
        for (let o = 0; o < features; o++) {
          const b = layer.bias[o]!;
          for (let j = o * batch, e = j + batch; j < e; j++) h[j] += b;
        }
      }
    } else if (l.type === 'activation') {
      activateInPlace(l.fn, h);
    } else if (!INFERABLE.has(l.type)) {
      throw new UnsupportedLayerError(m.arch.layers.indexOf(l), l.type);
    }
    // flatten, reshape, dropout (inference): the feature-major layout is already flat.
  }
  return transpose(h, features, batch);
}

/** Back to a `Model` (kernels dense, masks = the stored nonzero pattern), e.g. to train further. */
export function sparseToModel(m: SparseModel): Model {
  checkInferable(m.arch);
  const params: Model['params'] = {};
  const masks: Record<string, Uint8Array> = {};
  for (const l of m.arch.layers) {
    if (l.type !== 'dense') continue;
    const s = m.layers[l.name];
    if (!s) throw new Error(`sparse model has no data for layer '${l.name}'`);
    const dense = transpose(csrToDense(s.kernel), s.kernel.rows, s.kernel.cols);
    params[paramName(l.name, 'kernel')] = { shape: [s.kernel.cols, s.kernel.rows], data: dense };
    const mask = new Uint8Array(dense.length);
    for (let r = 0; r < s.kernel.rows; r++) {
      for (let k = s.kernel.rowPtr[r]!; k < s.kernel.rowPtr[r + 1]!; k++) mask[s.kernel.colIdx[k]! * s.kernel.rows + r] = 1;
    }
    masks[paramName(l.name, 'kernel')] = mask;
    if (l.bias !== false) params[paramName(l.name, 'bias')] = { shape: [s.kernel.rows], data: s.bias?.slice() ?? new Float32Array(s.kernel.rows) };
  }
  const model: Model = { arch: structuredClone(m.arch), params, masks };
  checkModel(model);
  return model;
}
