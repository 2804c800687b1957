/**
 * `ModelSpec`: a model's architecture as JSON, the `arch` of a Model artifact. A sequential
 * list of layers; parameters live beside it by name (`<layer>/kernel`, `<layer>/bias`, ...), so
 * bound propagation, pruning masks and per-task parameter copies all address the same names.
 * Other architectures (graph networks) add their own `type` to the union.
 */

export const ACTIVATIONS = [
  'relu',
  'tanh',
  'sigmoid',
  'silu',
  'elu',
  'identity',
  'hardswish',
  'leaky_relu',
  'softplus',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type Padding = 'same' | 'valid';
export type InitScheme = 'he_normal' | 'glorot_uniform' | 'zeros';

export interface DenseLayer {
  type: 'dense';
  name: string;
  units: number;
  /** Default true. */
  bias?: boolean;
  /** Default: he_normal before a ReLU-like activation, glorot_uniform otherwise. */
  init?: InitScheme;
}
/** NHWC; kernel [kh, kw, inC, filters]. */
export interface Conv2dLayer {
  type: 'conv2d';
  name: string;
  filters: number;
  kernel: [number, number];
  stride: [number, number];
  padding: Padding;
  bias?: boolean;
  init?: InitScheme;
}
/**
 * One k×k filter per input channel (channel multiplier 1), NHWC; kernel [kh, kw, channels, 1].
 * With a 1×1 conv after it, the depthwise-separable block of compact networks.
 */
export interface DepthwiseConv2dLayer {
  type: 'depthwise_conv2d';
  name: string;
  kernel: [number, number];
  stride: [number, number];
  padding: Padding;
  bias?: boolean;
  init?: InitScheme;
}
export interface Pool2dLayer {
  type: 'maxpool2d' | 'avgpool2d';
  size: [number, number];
  stride: [number, number];
  padding: Padding;
}
export interface FlattenLayer {
  type: 'flatten';
}
export interface ReshapeLayer {
  type: 'reshape';
  shape: number[];
}
export interface ActivationLayer {
  type: 'activation';
  fn: Activation;
}
export interface DropoutLayer {
  type: 'dropout';
  rate: number;
}
/** Normalises over every axis but the last; moving statistics are non-trainable params. */
export interface BatchNormLayer {
  type: 'batchnorm';
  name: string;
  /** Weight of the old moving statistic per update (default 0.9). */
  momentum?: number;
  epsilon?: number;
}

export type LayerSpec =
  | DenseLayer
  | Conv2dLayer
  | DepthwiseConv2dLayer
  | Pool2dLayer
  | FlattenLayer
  | ReshapeLayer
  | ActivationLayer
  | DropoutLayer
  | BatchNormLayer;

export interface SequentialSpec {
  type: 'sequential';
  /** Shape of one example, without the batch axis. */
  inputShape: number[];
  layers: LayerSpec[];
}

export type ModelSpec = SequentialSpec;

export type ParamRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface ParamInfo {
  /** `<layer name>/<role>` */
  name: string;
  layer: number;
  role: ParamRole;
  shape: number[];
  /** False for running statistics, which the optimizer never touches. */
  trainable: boolean;
  fanIn: number;
  fanOut: number;
}

export function paramName(layer: string, role: ParamRole): string {
  return `${layer}/${role}`;
}

export function isRectifier(fn: Activation): boolean {
  return fn === 'relu' || fn === 'elu' || fn === 'silu' || fn === 'leaky_relu' || fn === 'hardswish';
}
