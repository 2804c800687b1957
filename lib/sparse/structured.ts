/**
 * Structured pruning: remove whole neurons (dense units) or channels (conv filters) with the
 * smallest L1 or L2 norm of their incoming weights, and rebuild the model without them — a
 * genuinely smaller dense model, not a mask. The layer that consumes the pruned outputs loses
 * the matching inputs: the rows of a following dense kernel (through a flatten, every spatial
 * position's copy of the channel), the input channels of a following conv kernel. Activation,
 * dropout, pooling and batch-norm layers in between pass the units through (batch norm loses the
 * same channels).
 */
import { checkModel, OptionValueError, paramInfos, paramName, type Model, type ModelSpec, type ParamArrays } from '../nn/index.js';
import { layerShapes } from '../nn/shapes.js';
import { topK } from './select.js';

export type UnitNorm = 'l1' | 'l2';

export interface StructuredOptions {
  /** Fraction of each layer's units removed, in [0, 1). */
  amount: number;
  norm: UnitNorm;
  /** Layers to prune (default: every dense/conv2d layer but the output layer). */
  layers?: string[];
}

export interface StructuredReport {
  /** Units kept per pruned layer, as indices into the original layer. */
  kept: Record<string, number[]>;
  before: Record<string, number>;
}

type Arr = Float32Array | Uint8Array;

/** Entries of a row-major array whose index along `axis` is in `keep` (in that order). */
function takeAxis<T extends Arr>(data: T, shape: number[], axis: number, keep: number[]): T {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis]!;
  const out = new (data.constructor as new (n: number) => T)(outer * keep.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const k of keep) {
      const from = (a * n + k) * inner;
      out.set(data.subarray(from, from + inner) as never, o);
      o += inner;
    }
  }
  return out;
}

/** Norm of each output unit's incoming weights (the last axis of the kernel). */
export function unitNorms(kernel: Float32Array, units: number, norm: UnitNorm): Float64Array {
  const s = new Float64Array(units);
  for (let i = 0; i < kernel.length; i++) {
    const v = kernel[i]!;
    s[i % units] += norm === 'l1' ? Math.abs(v) : v * v;
  }
  return norm === 'l2' ? s.map(Math.sqrt) : s;
}

interface Consumer {
  index: number;
  /** Batch-norm layers between producer and consumer. */
  norms: string[];
  /** Spatial positions a flatten spread each channel over (1 without a flatten). */
  spread: number;
}

function findConsumer(spec: ModelSpec, i: number, shapes: number[][], option: number): Consumer {
  const norms: string[] = [];
  let spread = 1;
  for (let j = i + 1; j < spec.layers.length; j++) {
    const l = spec.layers[j]!;
    if (l.type === 'dense' || l.type === 'conv2d') return { index: j, norms, spread };
    if (l.type === 'batchnorm') norms.push(l.name);
    else if (l.type === 'flatten') spread = shapes[j]!.slice(0, -1).reduce((a, b) => a * b, 1);
    else if (l.type === 'reshape') {
      throw new OptionValueError(`cannot prune the units of layer '${(spec.layers[i] as { name: string }).name}': a reshape follows it`, [option]);
    }
  }
  const name = (spec.layers[i] as { name: string }).name;
  throw new OptionValueError(`layer '${name}' is the model's output layer; removing its units would change what the model predicts`, [option]);
}

/** The model without the lowest-norm units of each chosen layer. Throws OptionValueError (path: index in `layers`). */
export function pruneStructured(model: Model, o: StructuredOptions): { model: Model; report: StructuredReport } {
  checkModel(model);
  const spec: ModelSpec = structuredClone(model.arch);
  const params: ParamArrays = Object.fromEntries(Object.entries(model.params).map(([k, p]) => [k, { shape: [...p.shape], data: p.data.slice() }]));
  const masks = model.masks ? Object.fromEntries(Object.entries(model.masks).map(([k, m]) => [k, m.slice()])) : undefined;
  const weighted = spec.layers.flatMap((l, i) => (l.type === 'dense' || l.type === 'conv2d' ? [{ name: l.name, i }] : []));
  const names = o.layers ?? weighted.slice(0, -1).map((w) => w.name);
  const report: StructuredReport = { kept: {}, before: {} };

  const slice = (name: string, axis: number, keep: number[]) => {
    const p = params[name]!;
    p.data = takeAxis(p.data, p.shape, axis, keep);
    if (masks?.[name]) masks[name] = takeAxis(masks[name]!, p.shape, axis, keep);
    p.shape[axis] = keep.length;
  };

  names.forEach((name, option) => {
    const i = spec.layers.findIndex((l) => 'name' in l && l.name === name);
    const layer = spec.layers[i];
    if (!layer) throw new OptionValueError(`the model has no layer '${name}'`, [option], `layers: ${weighted.map((w) => w.name).join(', ')}`);
    if (layer.type !== 'dense' && layer.type !== 'conv2d') {
      throw new OptionValueError(`cannot prune units of a ${layer.type} layer ('${name}'); only dense neurons and conv2d channels`, [option]);
    }
    const shapes = layerShapes(spec);
    const consumer = findConsumer(spec, i, shapes, option);
    const units = layer.type === 'dense' ? layer.units : layer.filters;
    const kernel = params[paramName(name, 'kernel')]!;
    const keepCount = Math.max(1, units - Math.round(o.amount * units));
    const chosen = topK(unitNorms(kernel.data, units, o.norm), keepCount);
    const keep = [...chosen.keys()].filter((k) => chosen[k]);
    report.before[name] = units;
    report.kept[name] = keep;

    slice(paramName(name, 'kernel'), kernel.shape.length - 1, keep);
    if (params[paramName(name, 'bias')]) slice(paramName(name, 'bias'), 0, keep);
    for (const bn of consumer.norms) for (const role of ['gamma', 'beta', 'moving_mean', 'moving_variance'] as const) slice(paramName(bn, role), 0, keep);
    const next = spec.layers[consumer.index] as { name: string; type: 'dense' | 'conv2d' };
    const nk = paramName(next.name, 'kernel');
    if (next.type === 'conv2d') {
      slice(nk, 2, keep);
    } else {
      // Flattened NHWC: row (position · units + channel).
      const rows: number[] = [];
      for (let pos = 0; pos < consumer.spread; pos++) for (const k of keep) rows.push(pos * units + k);
      slice(nk, 0, rows);
    }
    if (layer.type === 'dense') layer.units = keep.length;
    else layer.filters = keep.length;
  });

  const out: Model = { arch: spec, params };
  if (masks) out.masks = masks;
  if (model.meta) out.meta = structuredClone(model.meta);
  // The rebuilt spec must describe exactly the sliced arrays.
  const infos = paramInfos(spec);
  if (infos.length !== Object.keys(params).length) throw new Error('structured pruning lost track of a parameter');
  checkModel(out);
  return { model: out, report };
}
