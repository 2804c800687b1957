/**
 * Layer replacements built from the factorisations: each returns the layer sequence and its
 * parameters that compute (exactly at full rank, else approximately) what the original layer did.
 *
 * - dense [m, n] → dense(r, no bias) → dense(n): truncated SVD.
 * - conv kh×kw, C→F → 1×1 (C→r1) → kh×kw (r1→r2, the original stride/padding) → 1×1 (r2→F): Tucker-2.
 * - conv → 1×1 (C→R) → depthwise kh×1 → depthwise 1×kw → 1×1 (R→F): CP (Lebedev et al. 2015);
 *   the stride is split between the two depthwise layers.
 * - conv → depthwise kh×kw → 1×1 (C→F): depthwise-separable (compact filters, MobileNet),
 *   initialised per input channel by the best rank-1 approximation of its [kh·kw, F] slice.
 * Biases stay on the last layer; the 1×1 layers use padding 'valid' (no padding is needed).
 */
import type { RandomSource } from '../data/random.js';
import type { Conv2dLayer, DenseLayer, LayerSpec, ModelSpec, ParamArray, ParamArrays } from '../nn/index.js';
import { cpAls } from './cp.js';
import { freshName, param, type Replacement } from './replace.js';
import { svd, truncate } from './svd.js';
import { transpose, tucker2 } from './tucker.js';

function names(spec: ModelSpec, base: string, suffixes: string[]): string[] {
  const taken = new Set<string>();
  return suffixes.map((s) => {
    const n = freshName(spec, `${base}_${s}`, taken);
    taken.add(n);
    return n;
  });
}

function withBias(name: string, bias: ParamArray | undefined, out: ParamArrays): void {
  if (bias) out[`${name}/bias`] = { shape: [...bias.shape], data: bias.data.slice() };
}

export function svdDense(spec: ModelSpec, l: DenseLayer, kernel: ParamArray, bias: ParamArray | undefined, rank: number): Replacement {
  const [m, n] = kernel.shape as [number, number];
  const f = truncate(svd(kernel.data, m, n), rank);
  const [a, b] = names(spec, l.name, ['u', 'v']) as [string, string];
  const layers: LayerSpec[] = [
    { type: 'dense', name: a, units: rank, bias: false },
    { type: 'dense', name: b, units: n, ...(bias ? {} : { bias: false }) },
  ];
  const params: ParamArrays = { [`${a}/kernel`]: param([m, rank], f.a), [`${b}/kernel`]: param([rank, n], f.b) };
  withBias(b, bias, params);
  return { layers, params };
}

const pointwise = (name: string, filters: number, bias: boolean): Conv2dLayer => ({
  type: 'conv2d',
  name,
  filters,
  kernel: [1, 1],
  stride: [1, 1],
  padding: 'valid',
  ...(bias ? {} : { bias: false }),
});

export function tuckerConv(spec: ModelSpec, l: Conv2dLayer, kernel: ParamArray, bias: ParamArray | undefined, r1: number, r2: number): Replacement {
  const [kh, kw, C, F] = kernel.shape as [number, number, number, number];
  const t = tucker2(kernel.data, kernel.shape, r1, r2);
  const [a, core, b] = names(spec, l.name, ['in', 'core', 'out']) as [string, string, string];
  const layers: LayerSpec[] = [
    pointwise(a, r1, false),
    { type: 'conv2d', name: core, filters: r2, kernel: [kh, kw], stride: l.stride, padding: l.padding, bias: false },
    pointwise(b, F, !!bias),
  ];
  const params: ParamArrays = {
    [`${a}/kernel`]: param([1, 1, C, r1], t.u),
    [`${core}/kernel`]: param([kh, kw, r1, r2], t.core),
    [`${b}/kernel`]: param([1, 1, r2, F], transpose(t.v, F, r2)),
  };
  withBias(b, bias, params);
  return { layers, params };
}

export function cpConv(spec: ModelSpec, l: Conv2dLayer, kernel: ParamArray, bias: ParamArray | undefined, rank: number, rng: RandomSource): Replacement & { relativeError: number } {
  const [kh, kw, C, F] = kernel.shape as [number, number, number, number];
  const cp = cpAls(kernel.data, kernel.shape, rank, rng);
  const [fh, fw, fc, ff] = cp.factors as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [a, dh, dw, b] = names(spec, l.name, ['in', 'dh', 'dw', 'out']) as [string, string, string, string];
  const layers: LayerSpec[] = [
    pointwise(a, rank, false),
    { type: 'depthwise_conv2d', name: dh, kernel: [kh, 1], stride: [l.stride[0], 1], padding: l.padding, bias: false },
    { type: 'depthwise_conv2d', name: dw, kernel: [1, kw], stride: [1, l.stride[1]], padding: l.padding, bias: false },
    pointwise(b, F, !!bias),
  ];
  const params: ParamArrays = {
    [`${a}/kernel`]: param([1, 1, C, rank], fc),
    [`${dh}/kernel`]: param([kh, 1, rank, 1], fh),
    [`${dw}/kernel`]: param([1, kw, rank, 1], fw),
    [`${b}/kernel`]: param([1, 1, rank, F], transpose(ff, F, rank)),
  };
  withBias(b, bias, params);
  return { layers, params, relativeError: cp.relativeError };
}

export function separableConv(spec: ModelSpec, l: Conv2dLayer, kernel: ParamArray, bias: ParamArray | undefined): Replacement {
  const [kh, kw, C, F] = kernel.shape as [number, number, number, number];
  const S = kh * kw;
  const depth = new Float64Array(S * C);
  const point = new Float64Array(C * F);
  for (let c = 0; c < C; c++) {
    const slice = new Float64Array(S * F);
    for (let s = 0; s < S; s++) for (let f = 0; f < F; f++) slice[s * F + f] = kernel.data[(s * C + c) * F + f]!;
    const r = truncate(svd(slice, S, F), 1);
    for (let s = 0; s < S; s++) depth[s * C + c] = r.a[s]!;
    for (let f = 0; f < F; f++) point[c * F + f] = r.b[f]!;
  }
  const [dw, pw] = names(spec, l.name, ['dw', 'pw']) as [string, string];
  const layers: LayerSpec[] = [
    { type: 'depthwise_conv2d', name: dw, kernel: [kh, kw], stride: l.stride, padding: l.padding, bias: false },
    pointwise(pw, F, !!bias),
  ];
  const params: ParamArrays = { [`${dw}/kernel`]: param([kh, kw, C, 1], depth), [`${pw}/kernel`]: param([1, 1, C, F], point) };
  withBias(pw, bias, params);
  return { layers, params };
}
