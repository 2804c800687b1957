/**
 * The `Model` artifact (plain data: architecture JSON + named float arrays) and its bridges to
 * tfjs: variables for training, tensors for inference, and back. See docs/artifacts.md.
 */
import * as tf from '@tensorflow/tfjs';
import { paramInfos } from './shapes.js';
import type { ModelSpec } from './spec.js';

export interface ParamArray {
  shape: number[];
  data: Float32Array;
}

export type ParamArrays = Record<string, ParamArray>;
/** Parameters as tensors, keyed like `ParamArrays`; variables are tensors too. */
export type ParamTensors = Record<string, tf.Tensor>;
export type ParamVariables = Record<string, tf.Variable>;

type MetaValue = null | boolean | number | string | MetaValue[] | { [k: string]: MetaValue };

export interface Model {
  arch: ModelSpec;
  /** Every parameter of `arch` (running statistics included), keyed `<layer>/<role>`. */
  params: ParamArrays;
  /** 1 keeps a weight, 0 pins it to zero; same length as the parameter it masks. */
  masks?: Record<string, Uint8Array>;
  /** Free-form provenance: `metrics` (name → number) is read by report stages. */
  meta?: { metrics?: Record<string, number>; [k: string]: MetaValue | undefined };
}

/** Throws if `params` do not match `arch` (missing, extra, or wrong-sized arrays). */
export function checkModel(model: Model): void {
  const infos = paramInfos(model.arch);
  const expected = new Set(infos.map((p) => p.name));
  for (const info of infos) {
    const p = model.params[info.name];
    if (!p) throw new Error(`model is missing parameter '${info.name}'`);
    const size = info.shape.reduce((a, b) => a * b, 1);
    if (p.shape.join() !== info.shape.join() || p.data.length !== size) {
      throw new Error(`parameter '${info.name}' has shape [${p.shape.join(', ')}], the architecture needs [${info.shape.join(', ')}]`);
    }
  }
  for (const name of Object.keys(model.params)) {
    if (!expected.has(name)) throw new Error(`model has parameter '${name}', which its architecture does not define`);
  }
  for (const [name, m] of Object.entries(model.masks ?? {})) {
    const p = model.params[name];
    if (!p || p.data.length !== m.length) throw new Error(`mask '${name}' does not match a parameter of the same size`);
  }
}

export function paramsToTensors(params: ParamArrays): ParamTensors {
  const out: ParamTensors = {};
  for (const [k, p] of Object.entries(params)) out[k] = tf.tensor(p.data, p.shape, 'float32');
  return out;
}

/**
 * Fresh variables holding copies of `params`. tfjs variable names are global, so these stay
 * unnamed; the record's keys are the names.
 */
export function paramsToVariables(params: ParamArrays): ParamVariables {
  const out: ParamVariables = {};
  for (const [k, p] of Object.entries(params)) {
    out[k] = tf.tidy(() => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true));
  }
  return out;
}

/** Reads tensors back into plain arrays (asynchronously: GPU backends forbid sync reads). */
export async function tensorsToParams(ts: ParamTensors): Promise<ParamArrays> {
  const out: ParamArrays = {};
  for (const [k, t] of Object.entries(ts)) {
    out[k] = { shape: [...t.shape], data: new Float32Array(await t.data()) };
  }
  return out;
}

/** Masks as float tensors (1/0), shaped like their parameters. */
export function masksToTensors(model: Model): ParamTensors {
  const out: ParamTensors = {};
  for (const [k, m] of Object.entries(model.masks ?? {})) {
    out[k] = tf.tensor(Float32Array.from(m), model.params[k]!.shape, 'float32');
  }
  return out;
}

export function countParams(model: Model, trainableOnly = true): number {
  return paramInfos(model.arch)
    .filter((p) => p.trainable || !trainableOnly)
    .reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
}

/** A deep copy of the plain data, so a stage never mutates its input artifact. */
export function cloneModel(model: Model): Model {
  const params: ParamArrays = {};
  for (const [k, p] of Object.entries(model.params)) params[k] = { shape: [...p.shape], data: p.data.slice() };
  const copy: Model = { arch: structuredClone(model.arch), params };
  if (model.masks) copy.masks = Object.fromEntries(Object.entries(model.masks).map(([k, m]) => [k, m.slice()]));
  if (model.meta) copy.meta = structuredClone(model.meta);
  return copy;
}
