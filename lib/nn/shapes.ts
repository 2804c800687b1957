/**
 * Shape inference over a sequential spec: the output shape of every layer and the shape of
 * every parameter. Also the spec's consistency check, so a bad architecture fails before any
 * tensor exists, with the offending layer named.
 */
import { paramName, type LayerSpec, type ModelSpec, type ParamInfo } from './spec.js';

export class SpecError extends Error {
  constructor(
    message: string,
    /** Index of the offending layer, or -1 for the spec as a whole. */
    readonly layer: number,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const posInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;

function spatialOut(size: number, k: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - k + 1) / stride);
}

function layerLabel(l: LayerSpec, i: number): string {
  return 'name' in l ? `layer ${i} ('${l.name}', ${l.type})` : `layer ${i} (${l.type})`;
}

/** Output shape (without batch) of layer `i` given its input shape; throws SpecError. */
function outputShape(l: LayerSpec, i: number, inp: number[]): number[] {
  const fail = (m: string): never => {
    throw new SpecError(`${layerLabel(l, i)}: ${m}`, i);
  };
  switch (l.type) {
    case 'dense':
      if (inp.length !== 1) fail(`needs a flat input, got [${inp.join(', ')}]; add a flatten layer before it`);
      if (!posInt(l.units)) fail(`units must be a positive integer, got ${l.units}`);
      return [l.units];
    case 'conv2d':
    case 'depthwise_conv2d':
    case 'maxpool2d':
    case 'avgpool2d': {
      if (inp.length !== 3) fail(`needs an input [height, width, channels], got [${inp.join(', ')}]`);
      const [k, s] = l.type === 'conv2d' || l.type === 'depthwise_conv2d' ? [l.kernel, l.stride] : [l.size, l.stride];
      if (!(k.length === 2 && s.length === 2 && [...k, ...s].every(posInt))) fail('kernel/size and stride must be two positive integers');
      if (l.type === 'conv2d' && !posInt(l.filters)) fail(`filters must be a positive integer, got ${l.filters}`);
      const h = spatialOut(inp[0]!, k[0], s[0], l.padding);
      const w = spatialOut(inp[1]!, k[1], s[1], l.padding);
      if (h < 1 || w < 1) fail(`input ${inp[0]}×${inp[1]} is smaller than the window ${k[0]}×${k[1]}`);
      return [h, w, l.type === 'conv2d' ? l.filters : inp[2]!];
    }
    case 'flatten':
      return [prod(inp)];
    case 'reshape':
      if (!l.shape.every(posInt) || prod(l.shape) !== prod(inp)) {
        fail(`cannot reshape [${inp.join(', ')}] to [${l.shape.join(', ')}]`);
      }
      return [...l.shape];
    case 'dropout':
      if (!(l.rate >= 0 && l.rate < 1)) fail(`rate must be in [0, 1), got ${l.rate}`);
      return inp;
    case 'activation':
    case 'batchnorm':
      return inp;
  }
}

/** `shapes[0]` is the input shape; `shapes[i + 1]` the output of layer i. */
export function layerShapes(spec: ModelSpec): number[][] {
  if (spec.type !== 'sequential') throw new SpecError(`unknown model type '${String(spec.type)}'`, -1);
  if (!spec.inputShape.length || !spec.inputShape.every(posInt)) {
    throw new SpecError(`inputShape must be positive integers, got [${spec.inputShape.join(', ')}]`, -1);
  }
  const shapes = [spec.inputShape];
  const names = new Set<string>();
  spec.layers.forEach((l, i) => {
    if ('name' in l) {
      if (!l.name || l.name.includes('/')) throw new SpecError(`${layerLabel(l, i)}: names must be non-empty, without '/'`, i);
      if (names.has(l.name)) throw new SpecError(`${layerLabel(l, i)}: duplicate layer name`, i);
      names.add(l.name);
    }
    shapes.push(outputShape(l, i, shapes[i]!));
  });
  return shapes;
}

export function outputSize(spec: ModelSpec): number {
  return prod(layerShapes(spec).at(-1)!);
}

/** Every parameter of the spec, in layer order. */
export function paramInfos(spec: ModelSpec): ParamInfo[] {
  const shapes = layerShapes(spec);
  const out: ParamInfo[] = [];
  const add = (layer: number, name: string, role: ParamInfo['role'], shape: number[], fanIn: number, fanOut: number, trainable = true) =>
    out.push({ name: paramName(name, role), layer, role, shape, trainable, fanIn, fanOut });
  spec.layers.forEach((l, i) => {
    const inp = shapes[i]!;
    if (l.type === 'dense') {
      add(i, l.name, 'kernel', [inp[0]!, l.units], inp[0]!, l.units);
      if (l.bias !== false) add(i, l.name, 'bias', [l.units], inp[0]!, l.units);
    } else if (l.type === 'conv2d') {
      const [kh, kw] = l.kernel;
      const c = inp[2]!;
      add(i, l.name, 'kernel', [kh, kw, c, l.filters], kh * kw * c, kh * kw * l.filters);
      if (l.bias !== false) add(i, l.name, 'bias', [l.filters], kh * kw * c, kh * kw * l.filters);
    } else if (l.type === 'depthwise_conv2d') {
      const [kh, kw] = l.kernel;
      const c = inp[2]!;
      add(i, l.name, 'kernel', [kh, kw, c, 1], kh * kw, kh * kw);
      if (l.bias !== false) add(i, l.name, 'bias', [c], kh * kw, kh * kw);
    } else if (l.type === 'batchnorm') {
      const c = inp.at(-1)!;
      add(i, l.name, 'gamma', [c], c, c);
      add(i, l.name, 'beta', [c], c, c);
      add(i, l.name, 'moving_mean', [c], c, c, false);
      add(i, l.name, 'moving_variance', [c], c, c, false);
    }
  });
  return out;
}

export function trainableParamNames(spec: ModelSpec): string[] {
  return paramInfos(spec)
    .filter((p) => p.trainable)
    .map((p) => p.name);
}
