/**
 * Integer inference of a quantised model, in plain JS on typed arrays. Dense and conv2d layers
 * really run on integers: the layer's input is quantised with its calibrated (asymmetric) scale
 * and zero point, the weights are their integer codes, and the product is an int32-accumulated
 * integer GEMM (int-gemm.ts; convolutions through im2col). Only the accumulator is rescaled to
 * float: y = s_x·s_w[o]·acc + b[o]. Activations, pooling, batch norm and depthwise convolutions
 * run in float between them (they are cheap, and depthwise has too few MACs to matter).
 *
 * Zero points are folded in by centring (code − zero point) before the product, so padding the
 * centred input with 0 pads with the real value 0 and no correction terms are needed. Codes of
 * ≤ 8 bits centre into [−255, 255] (int16); the int32 accumulator is exact for k < 33,025.
 */
import * as tf from '@tensorflow/tfjs';
import { checkModel, layerShapes, paramName, type Activation, type Model, type ModelSpec, type ParamArrays } from '../nn/index.js';
import { im2col, im2colWidth, type ConvGeometry } from '../tensor/index.js';
import { accumulatorFits, intArrayFor, intMatMul } from './int-gemm.js';
import { compressionOf, quantParamsOf, type ActivationRange } from './meta.js';
import { chooseQuantParams, quantizeValues, quantRange } from './quantize.js';

export class IntInferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntInferenceError';
  }
}

interface IntLayer {
  /** Centred weight codes (q − z), row-major [k, out]. */
  w: Int8Array | Int16Array | Int32Array;
  wScale: Float32Array;
  bias?: Float32Array;
  xScale: number;
  xZero: number;
  xMax: number;
}

export interface IntModel {
  arch: ModelSpec;
  /** Integer layers by name; every other parameter stays float. */
  layers: Record<string, IntLayer>;
  params: ParamArrays;
  shapes: number[][];
  activationBits: number;
}

function intLayer(model: Model, name: string, range: ActivationRange | undefined, bits: number): IntLayer {
  const c = compressionOf(model);
  const qm = c.quant[paramName(name, 'kernel')];
  if (!qm) throw new IntInferenceError(`layer '${name}' is not quantised; integer inference needs every dense and conv2d kernel quantised`);
  if (!range) throw new IntInferenceError(`layer '${name}' has no calibrated input range`);
  if (qm.bits > 8 || bits > 8) throw new IntInferenceError(`integer inference takes codes of at most 8 bits (layer '${name}': weights ${qm.bits}, activations ${bits})`);
  const kernel = model.params[paramName(name, 'kernel')]!;
  const qp = quantParamsOf(qm);
  const q = quantizeValues(kernel.data, qp);
  const ch = qp.scales.length;
  const { qmin, qmax } = quantRange(qp.bits, qp.scheme);
  const maxAbs = Math.max(...Array.from(qp.zeroPoints, (z) => Math.max(Math.abs(qmin - z), Math.abs(qmax - z))));
  const w = intArrayFor(maxAbs, q.length);
  for (let i = 0; i < q.length; i++) w[i] = q[i]! - qp.zeroPoints[i % ch]!;
  const out = kernel.shape.at(-1)!;
  const wScale = Float32Array.from({ length: out }, (_, o) => qp.scales[o % ch]!);
  const xp = chooseQuantParams([range.min, range.max], [2], bits, 'asymmetric', 'tensor');
  const xq = quantRange(bits, 'asymmetric');
  const k = kernel.data.length / out;
  const xMax = Math.max(xp.zeroPoints[0]! - xq.qmin, xq.qmax - xp.zeroPoints[0]!);
  if (!accumulatorFits(xMax, maxAbs, k)) throw new IntInferenceError(`layer '${name}': ${k} products could overflow the int32 accumulator`);
  const bias = model.params[paramName(name, 'bias')]?.data;
  return { w, wScale, ...(bias ? { bias } : {}), xScale: xp.scales[0]!, xZero: xp.zeroPoints[0]!, xMax: xq.qmax };
}

/** Prepares a quantised, calibrated model for `intForward`; throws IntInferenceError naming a layer. */
export function toIntModel(model: Model): IntModel {
  checkModel(model);
  const c = compressionOf(model);
  const layers: Record<string, IntLayer> = {};
  for (const l of model.arch.layers) {
    if (l.type === 'dense' || l.type === 'conv2d') layers[l.name] = intLayer(model, l.name, c.activations[l.name], c.activationBits);
  }
  return { arch: model.arch, layers, params: model.params, shapes: layerShapes(model.arch), activationBits: c.activationBits };
}

/** Centred activation codes: clamp(round(x / s) + z, 0, qmax) − z. */
function quantizeInput(x: Float32Array, l: IntLayer): Float32Array {
  const out = new Float32Array(x.length);
  const inv = 1 / l.xScale;
  for (let i = 0; i < x.length; i++) {
    const q = Math.round(x[i]! * inv) + l.xZero;
    out[i] = (q < 0 ? 0 : q > l.xMax ? l.xMax : q) - l.xZero;
  }
  return out;
}

function rescale(acc: Int32Array, rows: number, l: IntLayer): Float32Array {
  const n = l.wScale.length;
  const y = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < n; o++) y[r * n + o] = acc[r * n + o]! * l.xScale * l.wScale[o]! + (l.bias ? l.bias[o]! : 0);
  }
  return y;
}

const SCALAR: Record<Activation, (x: number) => number> = {
  relu: (x) => (x > 0 ? x : 0),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  silu: (x) => x / (1 + Math.exp(-x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  identity: (x) => x,
  hardswish: (x) => (x * Math.min(6, Math.max(0, x + 3))) / 6,
  leaky_relu: (x) => (x > 0 ? x : 0.01 * x),
  softplus: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))),
};

type Geometry = ConvGeometry & { padInfo: { top: number; left: number } };

function geometry(batch: number, inp: number[], kernel: number[], filters: number, stride: number[], padding: 'same' | 'valid'): Geometry {
  return tf.backend_util.computeConv2DInfo(
    [batch, inp[0]!, inp[1]!, inp[2]!],
    [kernel[0]!, kernel[1]!, inp[2]!, filters],
    stride as [number, number],
    1,
    padding,
  ) as Geometry;
}

/** Depthwise conv or pooling: one window per output position and channel, in float. */
function windowed(x: Float32Array, g: Geometry, op: (acc: number, v: number, c: number, tap: number) => number, init: number, finish: (acc: number, count: number, c: number) => number): Float32Array {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = g;
  const out = new Float32Array(g.batchSize * OH * OW * C);
  let o = 0;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let c = 0; c < C; c++) {
          let acc = init;
          let count = 0;
          for (let fh = 0; fh < FH; fh++) {
            const ih = oh * g.strideHeight + fh - g.padInfo.top;
            if (ih < 0 || ih >= H) continue;
            for (let fw = 0; fw < FW; fw++) {
              const iw = ow * g.strideWidth + fw - g.padInfo.left;
              if (iw < 0 || iw >= W) continue;
              acc = op(acc, x[((b * H + ih) * W + iw) * C + c]!, c, fh * FW + fw);
              count++;
            }
          }
          out[o++] = finish(acc, count, c);
        }
      }
    }
  }
  return out;
}

/** Logits [batch, classes] of `batch` examples `x` (row-major, NHWC for images). */
export function intForward(m: IntModel, x: Float32Array, batch: number): Float32Array {
  let h = x;
  m.arch.layers.forEach((l, i) => {
    const inp = m.shapes[i]!;
    switch (l.type) {
      case 'dense': {
        const L = m.layers[l.name]!;
        const k = inp[0]!;
        const a = Int16Array.from(quantizeInput(h, L));
        h = rescale(intMatMul(a, L.w, batch, k, l.units), batch, L);
        break;
      }
      case 'conv2d': {
        const L = m.layers[l.name]!;
        const g = geometry(batch, inp, l.kernel, l.filters, l.stride, l.padding);
        const rows = batch * g.outHeight * g.outWidth;
        const cols = new Float32Array(rows * im2colWidth(g));
        im2col(quantizeInput(h, L), g, 0, batch, cols);
        h = rescale(intMatMul(Int16Array.from(cols), L.w, rows, im2colWidth(g), l.filters), rows, L);
        break;
      }
      case 'depthwise_conv2d': {
        const g = geometry(batch, inp, l.kernel, inp[2]!, l.stride, l.padding);
        const kernel = m.params[paramName(l.name, 'kernel')]!.data;
        const bias = m.params[paramName(l.name, 'bias')]?.data;
        const C = inp[2]!;
        h = windowed(h, g, (acc, v, c, tap) => acc + v * kernel[tap * C + c]!, 0, (acc, _n, c) => acc + (bias ? bias[c]! : 0));
        break;
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        const g = geometry(batch, inp, l.size, inp[2]!, l.stride, l.padding);
        h = l.type === 'maxpool2d'
          ? windowed(h, g, (acc, v) => (v > acc ? v : acc), -Infinity, (acc) => acc)
          : windowed(h, g, (acc, v) => acc + v, 0, (acc, n) => acc / n);
        break;
      }
      case 'activation': {
        const f = SCALAR[l.fn];
        h = h.map(f);
        break;
      }
      case 'batchnorm': {
        const p = (role: 'gamma' | 'beta' | 'moving_mean' | 'moving_variance') => m.params[paramName(l.name, role)]!.data;
        const [gamma, beta, mean, variance] = [p('gamma'), p('beta'), p('moving_mean'), p('moving_variance')];
        const C = gamma.length;
        const eps = l.epsilon ?? 1e-5;
        h = h.map((v, j) => {
          const c = j % C;
          return ((v - mean[c]!) / Math.sqrt(variance[c]! + eps)) * gamma[c]! + beta[c]!;
        });
        break;
      }
      // flatten, reshape, dropout (inference): row-major NHWC data is already laid out.
    }
  });
  return h;
}
