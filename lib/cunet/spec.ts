/**
 * U-Net architectures as JSON (`arch` of a `Model.segmentation` artifact) and their parameter
 * list. One spec covers the plain U-Net (two conv3×3 per level) and the Continuous U-Net (one
 * second-order ODE block per level, Cheng et al.), so the comparison runs with everything else
 * equal: the same levels, pooling, up-convolutions, skips and head.
 *
 * Level i has `baseChannels·2^i` channels. Encoder: block(level 0) … block(level L−1), a 2×2
 * max-pool between levels. Decoder, for i = L−2 … 0: a 2×2 stride-2 transposed convolution from
 * level i+1's width to level i's, concatenated with the encoder's level-i output, then a block
 * back to level i's width. Head: a 1×1 convolution to one logit channel.
 */
import type { RandomSource } from '../data/random.js';
import type { ParamArrays } from '../nn/model.js';
import type { Activation } from '../nn/spec.js';

export type BlockKind = 'plain' | 'ode';

export interface UNetSpec {
  type: 'unet';
  block: BlockKind;
  /** Channels of the input images. */
  inputChannels: number;
  /** Resolutions (max-pooled 2× between levels); inputs must be multiples of 2^(levels−1). */
  levels: number;
  baseChannels: number;
  /** Fixed RK4 steps over t ∈ [0, 1] (ode blocks; ignored by plain blocks). */
  steps: number;
  activation: Activation;
  /** Plain blocks: instance norm after each convolution (ode blocks always normalise inside f). */
  norm: boolean;
  /** Instance-norm ε in the variance. */
  epsilon: number;
}

/** A fresh or trained segmentation network: plain data, like lib/nn's `Model`. */
export interface SegModel {
  arch: UNetSpec;
  params: ParamArrays;
  meta?: { metrics?: Record<string, number>; [k: string]: unknown };
}

export type SegParamRole = 'kernel' | 'bias' | 'gamma' | 'beta';

export interface SegParamInfo {
  name: string;
  shape: number[];
  role: SegParamRole;
  /** Inputs of the convolution it belongs to (for He initialisation). */
  fanIn: number;
}

export function isUNetSpec(a: unknown): a is UNetSpec {
  return typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'unet';
}

/** Channels of level i. */
export function levelChannels(s: UNetSpec, i: number): number {
  return s.baseChannels * 2 ** i;
}

/** Input side lengths must be multiples of this (one halving per level below the top). */
export function sizeMultiple(s: Pick<UNetSpec, 'levels'>): number {
  return 2 ** (s.levels - 1);
}

function conv(name: string, k: number, cin: number, cout: number): SegParamInfo[] {
  return [
    { name: `${name}/kernel`, shape: [k, k, cin, cout], role: 'kernel', fanIn: k * k * cin },
    { name: `${name}/bias`, shape: [cout], role: 'bias', fanIn: k * k * cin },
  ];
}

function norm(name: string, c: number): SegParamInfo[] {
  return [
    { name: `${name}/gamma`, shape: [c], role: 'gamma', fanIn: c },
    { name: `${name}/beta`, shape: [c], role: 'beta', fanIn: c },
  ];
}

/** A plain block cin → c: conv3×3, (norm), act, conv3×3, (norm), act. */
export function plainBlockParams(s: UNetSpec, prefix: string, cin: number, c: number): SegParamInfo[] {
  return [
    ...conv(`${prefix}/conv1`, 3, cin, c),
    ...(s.norm ? norm(`${prefix}/norm1`, c) : []),
    ...conv(`${prefix}/conv2`, 3, c, c),
    ...(s.norm ? norm(`${prefix}/norm2`, c) : []),
  ];
}

/**
 * An ODE block cin → c: x0 = conv3×3(input) (the lift to c channels), v0 = g(x0) = conv3×3,
 * and f([x, v]) = act(conv1×1(IN(act(conv3×3(IN([x, v])))))) with IN over 2c then c channels.
 */
export function odeBlockParams(prefix: string, cin: number, c: number): SegParamInfo[] {
  return [
    ...conv(`${prefix}/lift`, 3, cin, c),
    ...conv(`${prefix}/g`, 3, c, c),
    ...norm(`${prefix}/f_norm1`, 2 * c),
    ...conv(`${prefix}/f_conv1`, 3, 2 * c, c),
    ...norm(`${prefix}/f_norm2`, c),
    ...conv(`${prefix}/f_conv2`, 1, c, c),
  ];
}

function blockParams(s: UNetSpec, prefix: string, cin: number, c: number): SegParamInfo[] {
  return s.block === 'ode' ? odeBlockParams(prefix, cin, c) : plainBlockParams(s, prefix, cin, c);
}

/** Every parameter, in a fixed order; all are trainable (instance norm keeps no statistics). */
export function segParamInfos(s: UNetSpec): SegParamInfo[] {
  const out: SegParamInfo[] = [];
  for (let i = 0; i < s.levels; i++) out.push(...blockParams(s, `enc${i}`, i === 0 ? s.inputChannels : levelChannels(s, i - 1), levelChannels(s, i)));
  for (let i = s.levels - 2; i >= 0; i--) {
    const c = levelChannels(s, i);
    // tf.conv2dTranspose filters are [h, w, out, in].
    const up = levelChannels(s, i + 1);
    out.push({ name: `up${i}/kernel`, shape: [2, 2, c, up], role: 'kernel', fanIn: 4 * up });
    out.push({ name: `up${i}/bias`, shape: [c], role: 'bias', fanIn: 4 * up });
    out.push(...blockParams(s, `dec${i}`, 2 * c, c));
  }
  out.push(...conv('head', 1, levelChannels(s, 0), 1));
  return out;
}

export function segParamNames(s: UNetSpec): string[] {
  return segParamInfos(s).map((p) => p.name);
}

/** Trainable parameters of a spec (or of a model's spec). */
export function countParams(s: UNetSpec | SegModel): number {
  const spec = isUNetSpec(s) ? s : s.arch;
  return segParamInfos(spec).reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
}

/**
 * He-normal kernels (each convolution feeds a rectifier-like activation or the logit), zero
 * biases, instance-norm γ = 1, β = 0; plain JS from the seed, so the numbers never depend on
 * the backend.
 */
export function initSegParams(s: UNetSpec, rng: RandomSource): ParamArrays {
  const params: ParamArrays = {};
  for (const p of segParamInfos(s)) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (p.role === 'kernel') {
      const std = Math.sqrt(2 / p.fanIn);
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    } else if (p.role === 'gamma') {
      data.fill(1);
    }
    params[p.name] = { shape: p.shape, data };
  }
  return params;
}

export function initSegModel(s: UNetSpec, rng: RandomSource): SegModel {
  return { arch: s, params: initSegParams(s, rng) };
}

/** Throws if `params` do not match the spec (missing, extra or wrongly shaped arrays). */
export function checkSegModel(m: SegModel): void {
  if (!isUNetSpec(m.arch)) throw new Error(`the model is not a U-Net (arch type '${String((m.arch as { type?: unknown }).type)}')`);
  const infos = segParamInfos(m.arch);
  for (const info of infos) {
    const p = m.params[info.name];
    if (!p) throw new Error(`U-Net model is missing parameter '${info.name}'`);
    if (p.shape.join() !== info.shape.join() || p.data.length !== info.shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`parameter '${info.name}' has shape [${p.shape.join(', ')}], the architecture needs [${info.shape.join(', ')}]`);
    }
  }
  const known = new Set(infos.map((p) => p.name));
  for (const name of Object.keys(m.params)) if (!known.has(name)) throw new Error(`U-Net model has unknown parameter '${name}'`);
}

/** The base width (≥ 1) whose parameter count is closest to `target`, other options as given. */
export function baseChannelsFor(s: Omit<UNetSpec, 'baseChannels'>, target: number): { baseChannels: number; params: number } {
  let best = { baseChannels: 1, params: countParams({ ...s, baseChannels: 1 }) };
  for (let b = 2; ; b++) {
    const params = countParams({ ...s, baseChannels: b });
    if (Math.abs(params - target) < Math.abs(best.params - target)) best = { baseChannels: b, params };
    if (params > target) return best;
  }
}
